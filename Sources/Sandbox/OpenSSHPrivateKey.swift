import Crypto
import Foundation
public import NIOSSH

/// Reads the gateway's SSH key from an OpenSSH private key file (`openssh-key-v1`, what `ssh-keygen` writes):
/// unencrypted ed25519 or ECDSA P-256/P-384/P-521, the key types swift-nio-ssh can sign with.
public enum OpenSSHPrivateKey {
    /// Loads `path`, refusing files that others can read (as ssh does) and formats it cannot use.
    public static func load(path: String) throws(SSHKeyError) -> NIOSSHPrivateKey {
        // The file's own mode, also when the path is a symlink (a Kubernetes secret mount): lstat would see the link's.
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
              let data = FileManager.default.contents(atPath: resolved) else {
            throw SSHKeyError("\(path) cannot be read: check the path and that the gateway's user owns the file")
        }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw SSHKeyError("\(path) is readable by others (mode \(String(mode, radix: 8))): chmod 600 \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Parses the PEM-armoured text.
    public static func parse(_ text: String, source: String = "the key") throws(SSHKeyError) -> NIOSSHPrivateKey {
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            throw SSHKeyError("\(source) is not an OpenSSH private key (no \(begin) line): create one with ssh-keygen -t ed25519 -N ''")
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: String(body)) else { throw SSHKeyError("\(source): the key's base64 is damaged") }
        var reader = SSHWireReader(Array(decoded))
        guard reader.take(15) == Array("openssh-key-v1\0".utf8) else { throw SSHKeyError("\(source) is not in the openssh-key-v1 format") }
        let cipher = reader.string(), kdf = reader.string()
        _ = reader.string()
        guard cipher == Array("none".utf8), kdf == Array("none".utf8) else {
            throw SSHKeyError("\(source) is protected by a passphrase, which the gateway cannot type: remove it with ssh-keygen -p -N '' -f \(source)")
        }
        guard reader.uint32() == 1 else { throw SSHKeyError("\(source) must hold exactly one key") }
        _ = reader.string()
        guard let section = reader.string() else { throw SSHKeyError("\(source) is truncated") }
        var secret = SSHWireReader(section)
        guard let check1 = secret.uint32(), check1 == secret.uint32() else { throw SSHKeyError("\(source) is damaged (check bytes differ)") }
        let type = String(decoding: secret.string() ?? [], as: UTF8.self)
        do {
            switch type {
            case "ssh-ed25519":
                guard let publicKey = secret.string(), let both = secret.string(), both.count == 64 else { throw SSHKeyError("\(source): bad ed25519 key") }
                let key = try Curve25519.Signing.PrivateKey(rawRepresentation: both.prefix(32))
                guard Array(key.publicKey.rawRepresentation) == publicKey else { throw SSHKeyError("\(source): the ed25519 public and private parts differ") }
                return NIOSSHPrivateKey(ed25519Key: key)
            case "ecdsa-sha2-nistp256":
                _ = secret.string()
                let q = secret.string() ?? [], d = scalar(secret.string() ?? [], size: 32)
                let key = try P256.Signing.PrivateKey(rawRepresentation: d)
                guard Array(key.publicKey.x963Representation) == q else { throw SSHKeyError("\(source): the ECDSA public and private parts differ") }
                return NIOSSHPrivateKey(p256Key: key)
            case "ecdsa-sha2-nistp384":
                _ = secret.string()
                _ = secret.string()
                return NIOSSHPrivateKey(p384Key: try P384.Signing.PrivateKey(rawRepresentation: scalar(secret.string() ?? [], size: 48)))
            case "ecdsa-sha2-nistp521":
                _ = secret.string()
                _ = secret.string()
                return NIOSSHPrivateKey(p521Key: try P521.Signing.PrivateKey(rawRepresentation: scalar(secret.string() ?? [], size: 66)))
            default:
                throw SSHKeyError("\(source) is a \(type.isEmpty ? "damaged" : type) key; swift-nio-ssh signs only with ed25519 or ECDSA: create one with ssh-keygen -t ed25519 -N ''")
            }
        } catch let error as SSHKeyError {
            throw error
        } catch {
            throw SSHKeyError("\(source): the key cannot be used (\(error))")
        }
    }

    /// An SSH `mpint` as a fixed-size big-endian scalar (drops the sign byte, pads on the left).
    static func scalar(_ bytes: [UInt8], size: Int) -> [UInt8] {
        let trimmed = Array(bytes.drop { $0 == 0 })
        return trimmed.count >= size ? Array(trimmed.suffix(size)) : Array(repeating: 0, count: size - trimmed.count) + trimmed
    }
}
