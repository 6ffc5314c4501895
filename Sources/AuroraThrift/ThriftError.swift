/// Everything that can go wrong while decoding Thrift data; offsets are byte offsets into the input.
public enum ThriftError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended in the middle of a value.
    case truncated(offset: Int)
    /// A byte other than the one the syntax requires (TJSON), e.g. whitespace or a wrong bracket.
    case unexpectedCharacter(offset: Int, found: UInt8, expected: String)
    /// A type tag that is not a Thrift type (`"xyz"` in TJSON, an unknown type byte in TBinary).
    case unknownType(offset: Int, tag: String)
    /// A value whose wire type differs from the type the schema declares.
    case typeMismatch(offset: Int, expected: ThriftType, found: ThriftType)
    /// A negative string, list, set or map size.
    case negativeSize(offset: Int, size: Int64)
    /// A size that cannot fit in what is left of the input.
    case sizeExceedsInput(offset: Int, size: Int64, remaining: Int)
    /// Structs and collections nested deeper than `limit`.
    case nestingTooDeep(offset: Int, limit: Int)
    /// A string that is not valid UTF-8 (or a lone surrogate escape in TJSON).
    case invalidUTF8(offset: Int)
    /// A number that does not parse or does not fit its type.
    case invalidNumber(offset: Int, text: String)
    /// A binary value that is not valid base64.
    case invalidBase64(offset: Int)
    /// A message header with an unsupported protocol version.
    case badMessageVersion(offset: Int, version: Int64)
    /// A message type number that is not call, reply, exception or oneway.
    case invalidMessageType(offset: Int, type: Int64)
    /// A message of another type than the one expected (e.g. a call where a reply was expected).
    case unexpectedMessageType(expected: ThriftMessageType, found: ThriftMessageType)
    /// A reply for another method than the one called.
    case wrongMethodName(expected: String, found: String)
    /// A reply without its `success` field.
    case missingResult(method: String)
    /// A union with none of its known fields set.
    case unionWithoutField(type: String)
    /// A union with more than one of its known fields set.
    case unionWithMultipleFields(type: String)
    /// Bytes left over after the complete value or message.
    case trailingBytes(offset: Int, count: Int)
    /// The server answered with a `TApplicationException` (message type 3).
    case applicationException(TApplicationException)

    /// One sentence describing the error.
    public var description: String {
        switch self {
        case .truncated(let offset):
            "Thrift input ends unexpectedly at byte \(offset)."
        case .unexpectedCharacter(let offset, let found, let expected):
            "Unexpected character \(Self.show(found)) at byte \(offset), expected \(expected)."
        case .unknownType(let offset, let tag):
            "Unknown Thrift type tag \(tag) at byte \(offset)."
        case .typeMismatch(let offset, let expected, let found):
            "Thrift type mismatch at byte \(offset): expected \(expected), found \(found)."
        case .negativeSize(let offset, let size):
            "Negative Thrift size \(size) at byte \(offset)."
        case .sizeExceedsInput(let offset, let size, let remaining):
            "Thrift size \(size) at byte \(offset) exceeds the \(remaining) bytes left in the input."
        case .nestingTooDeep(let offset, let limit):
            "Thrift values nested deeper than \(limit) levels at byte \(offset)."
        case .invalidUTF8(let offset):
            "Invalid UTF-8 in a Thrift string at byte \(offset)."
        case .invalidNumber(let offset, let text):
            "Invalid Thrift number '\(text)' at byte \(offset)."
        case .invalidBase64(let offset):
            "Invalid base64 in a Thrift binary value at byte \(offset)."
        case .badMessageVersion(let offset, let version):
            "Bad Thrift message version \(version) at byte \(offset)."
        case .invalidMessageType(let offset, let type):
            "Invalid Thrift message type \(type) at byte \(offset)."
        case .unexpectedMessageType(let expected, let found):
            "Expected a Thrift \(expected) message but got a \(found) message."
        case .wrongMethodName(let expected, let found):
            "Expected a reply to '\(expected)' but got one for '\(found)'."
        case .missingResult(let method):
            "The reply to '\(method)' carries no result."
        case .unionWithoutField(let type):
            "Thrift union \(type) has none of its known fields set."
        case .unionWithMultipleFields(let type):
            "Thrift union \(type) has more than one field set."
        case .trailingBytes(let offset, let count):
            "\(count) unexpected trailing bytes after the Thrift value at byte \(offset)."
        case .applicationException(let exception):
            "The scheduler answered with \(exception)."
        }
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x" + String(byte, radix: 16)
    }
}
