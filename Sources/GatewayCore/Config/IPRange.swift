import Foundation

/// An IPv4 or IPv6 address or CIDR range (`trusted_proxies`), matched byte-wise against a peer's address.
public struct IPRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's bytes (4 or 16).
    public let network: [UInt8]
    /// How many leading bits must match.
    public let prefixLength: Int

    /// Parses `192.0.2.7`, `10.0.0.0/8`, `2001:db8::1` or `2001:db8::/32`; nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let bytes = Self.bytes(String(parts[0])) else { return nil }
        let maximum = bytes.count * 8
        var length = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value) else { return nil }
            length = value
        }
        network = bytes
        prefixLength = length
    }

    /// Whether `address` (textual) lies in the range; IPv4-mapped IPv6 peers match IPv4 ranges.
    public func contains(_ address: String) -> Bool {
        guard var bytes = Self.bytes(address) else { return false }
        if bytes.count == 16 && network.count == 4 && bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] {
            bytes = Array(bytes.suffix(4))
        }
        guard bytes.count == network.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            guard bytes[index] & mask == network[index] & mask else { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        let text = network.count == 4 ? network.map(String.init).joined(separator: ".") : Self.ipv6Text(network)
        return prefixLength == network.count * 8 ? text : "\(text)/\(prefixLength)"
    }

    /// The address's bytes through inet_pton.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func ipv6Text(_ bytes: [UInt8]) -> String {
        stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}

/// Which address a request comes from when proxies in front of the gateway add `X-Forwarded-For`.
public enum ClientAddress {
    /// The peer unless it is a trusted proxy; then the rightmost `X-Forwarded-For` entry that is not a trusted proxy
    /// (entries left of it were written by the client and prove nothing).
    public static func resolve(peer: String?, forwardedFor: String?, trusted: [IPRange]) -> String? {
        guard let peer, !trusted.isEmpty, trusted.contains(where: { $0.contains(peer) }), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() {
            guard IPRange.bytes(hop) != nil else { return peer }   // a garbled entry: believe nothing further left
            if !trusted.contains(where: { $0.contains(hop) }) { return hop }
        }
        return hops.first ?? peer
    }
}
