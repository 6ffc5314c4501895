import Crypto
import Foundation

/// The request digest and the redacted body the audit log keeps for writes.
public enum RequestDigest {
    /// SHA-256 (hex) of `METHOD path?sorted-query` and the canonical JSON body (keys sorted) with secrets redacted
    /// first, so the digest cannot be used to test guesses of a secret; a non-JSON body is hashed as it is.
    public static func digest(method: String, path: String, query: [(String, String)], body: [UInt8]) -> String {
        hash(method: method, path: path, query: query, body: body, redacting: true)
    }

    /// The same over the request exactly as sent (nothing redacted): tells two requests apart for idempotency keys,
    /// where two bodies differing only in a secret field must not count as the same request.
    public static func fingerprint(method: String, path: String, query: [(String, String)], body: [UInt8]) -> String {
        hash(method: method, path: path, query: query, body: body, redacting: false)
    }

    private static func hash(method: String, path: String, query: [(String, String)], body: [UInt8], redacting: Bool) -> String {
        let sortedQuery = query.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            .map { "\($0.0)=\(redacting && (isSecret($0.0) || isToken($0.1)) ? "[redacted]" : $0.1)" }.joined(separator: "&")
        var bytes = Array("\(method) \(path)?\(sortedQuery)\n".utf8)
        if let object = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
           let canonical = try? JSONSerialization.data(withJSONObject: redacting ? redact(object) : object,
                                                       options: [.sortedKeys, .fragmentsAllowed]) {
            bytes += canonical
        } else {
            bytes += body
        }
        return Hex.encode(SHA256.hash(data: bytes))
    }

    /// Field names whose values never enter a record.
    static let secretNames = ["secret", "password", "token", "authorization", "keytab", "credential", "private_key", "api_key"]

    /// The body as canonical JSON with the values of secret-looking fields replaced by `[redacted]`; nil for an
    /// empty body; a non-JSON body is described by its size only.
    public static func redactedBody(_ body: [UInt8], limit: Int = 16_384) -> String? {
        guard !body.isEmpty else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return "[\(body.count) bytes, not JSON]"
        }
        let cleaned = redact(object)
        guard let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else {
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.utf8.count <= limit ? text : String(decoding: Array(text.utf8.prefix(limit)), as: UTF8.self) + "…[truncated]"
    }

    static func redact(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, inner) in object {
                out[key] = isSecret(key) ? "[redacted]" : redact(inner)
            }
            return out
        }
        if let list = value as? [Any] { return list.map(redact) }
        if let text = value as? String, isToken(text) { return "[redacted]" }
        return value
    }

    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return secretNames.contains(where: lowered.contains)
    }

    static func isToken(_ text: String) -> Bool { text.hasPrefix("agwu_") || text.hasPrefix("agws_") }
}
