import Crypto
import Foundation

/// Turns token secrets into what is stored: HMAC-SHA256 under a server-side pepper, so a stolen
/// database alone cannot be used to check guesses.
public struct TokenHasher: Sendable {
    private let key: SymmetricKey

    /// Uses `pepper` (at least 32 bytes) as the HMAC key.
    public init(pepper: [UInt8]) {
        key = SymmetricKey(data: pepper)
    }

    /// The stored digest of a secret, as lowercase hex.
    public func digest(_ secret: TokenSecret) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(secret.text.utf8), using: key)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Reads `<dataDir>/token-pepper`, creating 32 random bytes with mode 0600 on first start.
    public static func loadOrCreatePepper(dataDir: String) throws(ConfigError) -> [UInt8] {
        let path = (dataDir as NSString).appendingPathComponent("token-pepper")
        let manager = FileManager.default
        if let existing = manager.contents(atPath: path) {
            guard existing.count >= 32 else {
                throw ConfigError(key: "data_dir", "\(path) holds \(existing.count) bytes, not a 32-byte pepper: restore it from backup (every token depends on it)")
            }
            return Array(existing)
        }
        do {
            try manager.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigError(key: "data_dir", "\(dataDir) cannot be created: \(error.localizedDescription)")
        }
        var generator = SystemRandomNumberGenerator()
        let pepper = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        guard manager.createFile(atPath: path, contents: Data(pepper), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError(key: "data_dir", "\(path) cannot be written: give the gateway's user write permission on data_dir")
        }
        return pepper
    }
}
