import Crypto
import Foundation
public import NIOSSH

/// The agents' host keys as OpenSSH's known_hosts lists them: plain, wildcard and negated patterns, `[host]:port`,
/// hashed names (`|1|salt|hmac`) and `@revoked`. Read only: a host that is not listed is refused, never added.
public struct KnownHosts: Sendable {
    /// What the file says about a host and the key it offered.
    public enum Verdict: Sendable, Equatable {
        /// A line for the host pins this key.
        case trusted
        /// No line is about the host.
        case unknown
        /// Lines for the host pin other keys.
        case mismatch
        /// A `@revoked` line for the host has this key.
        case revoked
    }

    struct Entry: Sendable {
        let patterns: [String]
        let key: NIOSSHPublicKey
        let revoked: Bool
    }

    private let entries: [Entry]
    /// Lines with key types swift-nio-ssh cannot use (ssh-rsa, sk-…) or `@cert-authority`, which are ignored.
    public let skippedLines: Int
    /// How many keys were read.
    public var count: Int { entries.count }

    /// Parses known_hosts text.
    public init(text: String) {
        var entries: [Entry] = [], skipped = 0
        for raw in text.split(whereSeparator: \.isNewline) {
            var fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            var revoked = false
            if first.hasPrefix("@") {
                // @cert-authority: swift-nio-ssh never negotiates host certificates, so such a line can never match.
                guard first == "@revoked" else { skipped += 1; continue }
                revoked = true
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = try? NIOSSHPublicKey(openSSHPublicKey: fields[1] + " " + fields[2]) else {
                skipped += 1
                continue
            }
            entries.append(Entry(patterns: fields[0].split(separator: ",").map(String.init), key: key, revoked: revoked))
        }
        self.entries = entries
        self.skippedLines = skipped
    }

    /// Reads `path`.
    public static func load(path: String) throws(SSHKeyError) -> KnownHosts {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SSHKeyError("\(path) cannot be read: create it with ssh-keyscan -t ed25519 <agent> after checking the fingerprints")
        }
        return KnownHosts(text: String(decoding: data, as: UTF8.self))
    }

    /// Whether `key` is the one pinned for `host` on `port`.
    public func verdict(host: String, port: Int, key: NIOSSHPublicKey) -> Verdict {
        let name = port == 22 ? host.lowercased() : "[\(host.lowercased())]:\(port)"
        let matching = entries.filter { Self.matches($0.patterns, name: name) }
        if matching.contains(where: { $0.revoked && $0.key == key }) { return .revoked }
        let pinned = matching.filter { !$0.revoked }
        if pinned.contains(where: { $0.key == key }) { return .trusted }
        return pinned.isEmpty ? .unknown : .mismatch
    }

    /// OpenSSH's rule: some pattern matches and no negated one does.
    static func matches(_ patterns: [String], name: String) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("|1|") {
                if hashed(pattern, name: name) { matched = true }
            } else if pattern.hasPrefix("!") {
                if glob(String(pattern.dropFirst()).lowercased(), name) { return false }
            } else if glob(pattern.lowercased(), name) {
                matched = true
            }
        }
        return matched
    }

    static func hashed(_ pattern: String, name: String) -> Bool {
        let parts = pattern.split(separator: "|")
        guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])), let mac = Data(base64Encoded: String(parts[2])) else { return false }
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: salt))
        return code == mac
    }

    /// `*` and `?` wildcards.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
