/// The separator state of Java's `TJSONProtocol` contexts, shared by the TJSON reader and writer.
///
/// Java keeps a stack of context objects: the base context (no separators), a list context
/// (`,` before every element but the first) and a pair context (alternating `:` and `,`, where
/// values in key position are quoted numbers). One byte encodes the state of the innermost context.
enum TJSONContext {
    /// Top level: no separators.
    static let base: UInt8 = 0
    /// List, before the first element.
    static let listFirst: UInt8 = 1
    /// List, before a later element (`,`).
    static let listNext: UInt8 = 2
    /// Object, before the first key.
    static let pairFirst: UInt8 = 3
    /// Object, before a value (`:`).
    static let pairValue: UInt8 = 4
    /// Object, before a later key (`,`).
    static let pairKey: UInt8 = 5

    /// The quoted JSON tag of each Thrift type (`"i32"`); `""` for `stop`, which is never written.
    static func quotedTag(_ type: ThriftType) -> StaticString {
        switch type {
        case .stop: "\"\""
        case .bool: "\"tf\""
        case .byte: "\"i8\""
        case .i16: "\"i16\""
        case .i32: "\"i32\""
        case .i64: "\"i64\""
        case .double: "\"dbl\""
        case .string: "\"str\""
        case .struct: "\"rec\""
        case .list: "\"lst\""
        case .set: "\"set\""
        case .map: "\"map\""
        }
    }

    /// The Thrift type of an exact JSON tag (the bytes between the quotes).
    static func type(tag bytes: UnsafeRawBufferPointer) -> ThriftType? {
        guard bytes.count == 2 || bytes.count == 3 else { return nil }
        let a = bytes[0], b = bytes[1], c: UInt8 = bytes.count == 3 ? bytes[2] : 0
        switch (a, b, c) {
        case (0x74, 0x66, 0): return .bool          // tf
        case (0x69, 0x38, 0): return .byte          // i8
        case (0x69, 0x31, 0x36): return .i16        // i16
        case (0x69, 0x33, 0x32): return .i32        // i32
        case (0x69, 0x36, 0x34): return .i64        // i64
        case (0x64, 0x62, 0x6C): return .double     // dbl
        case (0x73, 0x74, 0x72): return .string     // str
        case (0x72, 0x65, 0x63): return .struct     // rec
        case (0x6C, 0x73, 0x74): return .list       // lst
        case (0x73, 0x65, 0x74): return .set        // set
        case (0x6D, 0x61, 0x70): return .map        // map
        default: return nil
        }
    }
}
