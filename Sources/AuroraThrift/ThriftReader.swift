/// Reads Thrift values from a protocol encoding, in the style of Apache Thrift's `TProtocol`.
///
/// Readers never trap on hostile input: every failure is a thrown ``ThriftError``. Structs and
/// collections nest at most ``thriftNestingLimit`` levels.
public protocol ThriftReader {
    /// The byte offset of the next unread byte.
    var position: Int { get }

    /// Reads a message header.
    mutating func readMessageBegin() throws -> ThriftMessageHeader
    /// Reads the end of a message.
    mutating func readMessageEnd() throws
    /// Reads the start of a struct.
    mutating func readStructBegin() throws
    /// Reads the end of a struct.
    mutating func readStructEnd() throws
    /// Reads a field header; `type == .stop` marks the end of the struct's fields.
    mutating func readFieldBegin() throws -> (type: ThriftType, id: Int16)
    /// Reads the end of a field.
    mutating func readFieldEnd() throws
    /// Reads a list header; the count is already checked against the remaining input.
    mutating func readListBegin() throws -> (elementType: ThriftType, count: Int)
    /// Reads the end of a list.
    mutating func readListEnd() throws
    /// Reads a set header; the count is already checked against the remaining input.
    mutating func readSetBegin() throws -> (elementType: ThriftType, count: Int)
    /// Reads the end of a set.
    mutating func readSetEnd() throws
    /// Reads a map header; the count is already checked against the remaining input.
    mutating func readMapBegin() throws -> (keyType: ThriftType, valueType: ThriftType, count: Int)
    /// Reads the end of a map.
    mutating func readMapEnd() throws
    /// Reads a bool.
    mutating func readBool() throws -> Bool
    /// Reads a byte.
    mutating func readByte() throws -> Int8
    /// Reads an i16.
    mutating func readI16() throws -> Int16
    /// Reads an i32.
    mutating func readI32() throws -> Int32
    /// Reads an i64.
    mutating func readI64() throws -> Int64
    /// Reads a double.
    mutating func readDouble() throws -> Double
    /// Reads a UTF-8 string, validating it.
    mutating func readString() throws -> String
    /// Reads a binary value.
    mutating func readBinary() throws -> [UInt8]
    /// Skips one value of the given type, respecting nesting and the depth limit.
    mutating func skip(_ type: ThriftType) throws
}

/// How deep structs and collections may nest before a reader gives up.
public let thriftNestingLimit = 64

extension ThriftReader {
    /// Throws ``ThriftError/typeMismatch(offset:expected:found:)`` unless `found == expected`.
    public func expect(_ found: ThriftType, _ expected: ThriftType) throws {
        if found != expected {
            throw ThriftError.typeMismatch(offset: position, expected: expected, found: found)
        }
    }

    /// Checks a collection's element type; empty collections may carry any element type.
    public func expectElements(_ found: ThriftType, _ expected: ThriftType, count: Int) throws {
        if found != expected && count > 0 {
            throw ThriftError.typeMismatch(offset: position, expected: expected, found: found)
        }
    }
}

/// How many elements to reserve for a collection of `count` elements read from untrusted input.
public func thriftReservation(_ count: Int) -> Int {
    Swift.min(count, 1024)
}
