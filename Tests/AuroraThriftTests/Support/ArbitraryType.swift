@testable import AuroraThrift

/// The outcome of encoding a random value, decoding it and encoding the result again.
struct RoundTrip {
    var original: String
    var equal: Bool
    var bytes: [UInt8]
    var reencoded: [UInt8]
}

/// One generated type, type-erased so the tests can iterate over all of them.
struct ArbitraryType: Sendable, CustomStringConvertible {
    let description: String
    let roundTrip: @Sendable (_ seed: UInt64, _ kind: ThriftProtocolKind) throws -> RoundTrip

    init<T: ThriftCodable & Arbitrary>(_ type: T.Type) {
        description = "\(T.self)"
        roundTrip = { seed, kind in
            var g = Gen(seed: seed)
            let value = T.arbitrary(&g)
            let bytes = ThriftCodec.encode(value, as: kind)
            let decoded = try ThriftCodec.decode(T.self, from: bytes, as: kind)
            return RoundTrip(
                original: "\(value)", equal: decoded == value, bytes: bytes, reencoded: ThriftCodec.encode(decoded, as: kind)
            )
        }
    }

    /// Calls go through the whole message path: encodeCall, readCall, decodeArgs.
    init<C: AuroraCall & Arbitrary>(_ type: C.Type) {
        description = "\(C.self)"
        roundTrip = { seed, kind in
            var g = Gen(seed: seed)
            let call = C.arbitrary(&g)
            let seqid = Int32(truncatingIfNeeded: seed &* 7919)
            let message = ThriftCodec.encodeCall(call, seqid: seqid, as: kind)
            let incoming = try ThriftCodec.readCall(message, as: kind)
            let decoded = try incoming.decodeArgs(C.self)
            let headerMatches = incoming.header == ThriftMessageHeader(name: C.methodName, type: .call, seqid: seqid)
            return RoundTrip(
                original: "\(call)", equal: headerMatches && decoded == call, bytes: message,
                reencoded: ThriftCodec.encodeCall(decoded, seqid: seqid, as: kind)
            )
        }
    }
}

/// Whether TJSON output has a space, tab, CR or LF outside string literals.
func hasWhitespaceOutsideStrings(_ bytes: [UInt8]) -> Bool {
    var inString = false
    var escaped = false
    for byte in bytes {
        if inString {
            if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
        } else if byte == 0x22 {
            inString = true
        } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            return true
        }
    }
    return false
}

/// The bytes of a string literal.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Drops the display line breaks and the indentation after them.
func compact(_ display: String) -> String {
    display.split(separator: "\n").map { $0.drop(while: { $0 == " " }) }.joined()
}

/// Parses hex pairs separated by spaces.
func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}
