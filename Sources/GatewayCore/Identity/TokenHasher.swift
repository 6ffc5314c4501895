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
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(secret.text.utf8), using: key))
    }

    /// Reads `<dataDir>/token-pepper`, creating 32 random bytes with mode 0600 on first start. `mayCreate` is false
    /// when tokens already exist: a missing pepper then means a lost one, and a new one would silently void every token.
    public static func loadOrCreatePepper(dataDir: String, mayCreate: Bool = true) throws(ConfigError) -> [UInt8] {
        let path = (dataDir as NSString).appendingPathComponent("token-pepper")
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { return try read(path) }
        guard mayCreate else {
            throw ConfigError(key: "data_dir", "\(path) is missing but the database holds tokens: restore the pepper from backup (every token depends on it), or revoke all tokens and move the database away")
        }
        do {
            try manager.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigError(key: "data_dir", "\(dataDir) cannot be created: \(error.localizedDescription)")
        }
        var generator = SystemRandomNumberGenerator()
        let pepper = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // O_EXCL: of two processes starting together, one creates the pepper and the other reads it.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { return try read(path) }
            throw ConfigError(key: "data_dir", "\(path) cannot be created (\(String(cString: strerror(errno)))): give the gateway's user write permission on data_dir")
        }
        let written = pepper.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == pepper.count, synced == 0 else {
            unlink(path)
            throw ConfigError(key: "data_dir", "\(path) cannot be written: check free disk space and permissions on data_dir")
        }
        return pepper
    }

    private static func read(_ path: String) throws(ConfigError) -> [UInt8] {
        guard let existing = FileManager.default.contents(atPath: path) else {
            throw ConfigError(key: "data_dir", "\(path) exists but cannot be read: give the gateway's user read permission (never delete it: every token depends on it)")
        }
        guard existing.count >= 32 else {
            throw ConfigError(key: "data_dir", "\(path) holds \(existing.count) bytes, not a 32-byte pepper: restore it from backup (every token depends on it)")
        }
        return Array(existing)
    }
}
