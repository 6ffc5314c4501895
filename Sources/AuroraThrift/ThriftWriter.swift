/// Writes Thrift values in a protocol encoding, in the style of Apache Thrift's `TProtocol`.
///
/// Writing cannot fail; callers emit fields in ascending id order and collections with exact counts.
public protocol ThriftWriter {
    /// Writes a message header.
    mutating func writeMessageBegin(_ header: ThriftMessageHeader)
    /// Writes the end of a message.
    mutating func writeMessageEnd()
    /// Writes the start of a struct.
    mutating func writeStructBegin()
    /// Writes the end of a struct.
    mutating func writeStructEnd()
    /// Writes a field header.
    mutating func writeFieldBegin(_ type: ThriftType, id: Int16)
    /// Writes the end of a field.
    mutating func writeFieldEnd()
    /// Writes the marker that ends a struct's fields.
    mutating func writeFieldStop()
    /// Writes a list header.
    mutating func writeListBegin(_ elementType: ThriftType, count: Int)
    /// Writes the end of a list.
    mutating func writeListEnd()
    /// Writes a set header.
    mutating func writeSetBegin(_ elementType: ThriftType, count: Int)
    /// Writes the end of a set.
    mutating func writeSetEnd()
    /// Writes a map header.
    mutating func writeMapBegin(_ keyType: ThriftType, _ valueType: ThriftType, count: Int)
    /// Writes the end of a map.
    mutating func writeMapEnd()
    /// Writes a bool.
    mutating func writeBool(_ value: Bool)
    /// Writes a byte.
    mutating func writeByte(_ value: Int8)
    /// Writes an i16.
    mutating func writeI16(_ value: Int16)
    /// Writes an i32.
    mutating func writeI32(_ value: Int32)
    /// Writes an i64.
    mutating func writeI64(_ value: Int64)
    /// Writes a double.
    mutating func writeDouble(_ value: Double)
    /// Writes a UTF-8 string.
    mutating func writeString(_ value: String)
    /// Writes a binary value.
    mutating func writeBinary(_ value: [UInt8])
}
