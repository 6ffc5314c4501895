/// Writes `TBinaryProtocol` bytes: big-endian, strict message headers (`0x80010000 | type`).
public struct TBinaryWriter: ThriftWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates a writer with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Writes the strict header: version and type, name, seqid.
    public mutating func writeMessageBegin(_ header: ThriftMessageHeader) {
        appendBigEndian(UInt32(0x8001_0000) | UInt32(header.type.rawValue))
        writeString(header.name)
        appendBigEndian(header.seqid)
    }

    /// Writes nothing.
    public mutating func writeMessageEnd() {}
    /// Writes nothing.
    public mutating func writeStructBegin() {}
    /// Writes nothing.
    public mutating func writeStructEnd() {}

    /// Writes the type byte and the big-endian field id.
    public mutating func writeFieldBegin(_ type: ThriftType, id: Int16) {
        bytes.append(type.rawValue)
        appendBigEndian(id)
    }

    /// Writes nothing.
    public mutating func writeFieldEnd() {}
    /// Writes the STOP byte.
    public mutating func writeFieldStop() { bytes.append(ThriftType.stop.rawValue) }

    /// Writes the element type and the i32 count.
    public mutating func writeListBegin(_ elementType: ThriftType, count: Int) {
        bytes.append(elementType.rawValue)
        appendBigEndian(Int32(count))
    }

    /// Writes nothing.
    public mutating func writeListEnd() {}
    /// Writes the element type and the i32 count.
    public mutating func writeSetBegin(_ elementType: ThriftType, count: Int) { writeListBegin(elementType, count: count) }
    /// Writes nothing.
    public mutating func writeSetEnd() {}

    /// Writes the key type, the value type and the i32 count.
    public mutating func writeMapBegin(_ keyType: ThriftType, _ valueType: ThriftType, count: Int) {
        bytes.append(keyType.rawValue)
        bytes.append(valueType.rawValue)
        appendBigEndian(Int32(count))
    }

    /// Writes nothing.
    public mutating func writeMapEnd() {}
    /// Writes one byte, 1 or 0.
    public mutating func writeBool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    /// Writes one byte.
    public mutating func writeByte(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
    /// Writes two big-endian bytes.
    public mutating func writeI16(_ value: Int16) { appendBigEndian(value) }
    /// Writes four big-endian bytes.
    public mutating func writeI32(_ value: Int32) { appendBigEndian(value) }
    /// Writes eight big-endian bytes.
    public mutating func writeI64(_ value: Int64) { appendBigEndian(value) }
    /// Writes the IEEE-754 bits big-endian.
    public mutating func writeDouble(_ value: Double) { appendBigEndian(value.bitPattern) }

    /// Writes the i32 byte length and the UTF-8 bytes.
    public mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            appendBigEndian(Int32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Writes the i32 length and the bytes.
    public mutating func writeBinary(_ value: [UInt8]) {
        appendBigEndian(Int32(value.count))
        bytes.append(contentsOf: value)
    }
}
