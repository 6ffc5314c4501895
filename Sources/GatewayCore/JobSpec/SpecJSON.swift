import Foundation

/// One parsed JSON value, classified without Codable. JSONSerialization gives `NSNumber` for numbers and booleans;
/// booleans are told apart by their `c` type encoding (CFBoolean on Darwin, `NSNumber(value: Bool)` on Linux).
public enum SpecJSON {
    case object([String: Any])
    case array([Any])
    case string(String)
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case null
    case unsupported

    /// Classifies a value from `JSONSerialization`.
    public init(_ value: Any) {
        switch value {
        case let string as String: self = .string(string)
        case let object as [String: Any]: self = .object(object)
        case let array as [Any]: self = .array(array)
        case is NSNull: self = .null
        default: self = Self.scalar(value)
        }
    }

    private static func scalar(_ value: Any) -> SpecJSON {
        let dynamicType = type(of: value)
        if dynamicType == Bool.self, let bool = value as? Bool { return .bool(bool) }
        if dynamicType == Int.self, let int = value as? Int { return .integer(Int64(int)) }
        if dynamicType == Int64.self, let int = value as? Int64 { return .integer(int) }
        if dynamicType == Double.self, let double = value as? Double { return .number(double) }
        guard let number = value as? NSNumber else { return .unsupported }
        switch UInt8(bitPattern: number.objCType.pointee) {
        case UInt8(ascii: "c"), UInt8(ascii: "B"): return .bool(number.boolValue)
        case UInt8(ascii: "d"), UInt8(ascii: "f"): return .number(number.doubleValue)
        case UInt8(ascii: "Q"), UInt8(ascii: "L"), UInt8(ascii: "I"), UInt8(ascii: "S"), UInt8(ascii: "C"):
            let unsigned = number.uint64Value
            return unsigned <= UInt64(Int64.max) ? .integer(Int64(unsigned)) : .number(Double(unsigned))
        default: return .integer(number.int64Value)
        }
    }

    /// "a string", "an array", … for messages.
    var described: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .bool: "true/false"
        case .integer, .number: "a number"
        case .null: "null"
        case .unsupported: "an unsupported value"
        }
    }
}
