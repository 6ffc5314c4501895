import Crypto
import Foundation

/// GitHub's `X-Hub-Signature-256`: HMAC-SHA256 of the raw body under the webhook's secret, as `sha256=<hex>`.
public enum GitHubSignature {
    /// The header value GitHub sends for `body` signed with `secret`.
    public static func expected(body: [UInt8], secret: [UInt8]) -> String {
        "sha256=" + Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret)))
    }

    /// Whether `header` is the signature of `body` under `secret`; compares in constant time (no early exit on the
    /// first differing byte, so response timing reveals nothing about the expected value).
    public static func matches(header: String, body: [UInt8], secret: [UInt8]) -> Bool {
        let presented = Array(header.utf8)
        let wanted = Array(expected(body: body, secret: secret).utf8)
        guard presented.count == wanted.count else { return false }
        var difference: UInt8 = 0
        for index in wanted.indices { difference |= presented[index] ^ wanted[index] }
        return difference == 0
    }
}
