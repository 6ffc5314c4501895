extension TBinaryReader {
    /// Reads a strict (`0x8001xxxx`) or non-strict (name length first) message header.
    public mutating func readMessageBegin() throws -> ThriftMessageHeader {
        let start = index
        let first = try readBigEndian(Int32.self)
        let name: String
        let rawType: UInt8
        if first < 0 {
            let version = UInt32(bitPattern: first) & 0xFFFF_0000
            if version != 0x8001_0000 { throw ThriftError.badMessageVersion(offset: start, version: Int64(version)) }
            rawType = UInt8(truncatingIfNeeded: first)
            name = try readString()
        } else {
            index = start
            name = try readUTF8(count: try readSize(bytesPerElement: 1))
            rawType = UInt8(bitPattern: try readByte())
        }
        guard let type = ThriftMessageType(rawValue: rawType) else {
            throw ThriftError.invalidMessageType(offset: start, type: Int64(rawType))
        }
        return ThriftMessageHeader(name: name, type: type, seqid: try readI32())
    }

    /// Reads nothing.
    public mutating func readMessageEnd() throws {}
    /// Counts one nesting level.
    public mutating func readStructBegin() throws { try enter() }
    /// Leaves one nesting level.
    public mutating func readStructEnd() throws { depth -= 1 }

    /// Reads the type byte and, unless it is STOP, the field id.
    public mutating func readFieldBegin() throws -> (type: ThriftType, id: Int16) {
        let type = try readType()
        if type == .stop { return (.stop, 0) }
        return (type, try readBigEndian(Int16.self))
    }

    /// Reads nothing.
    public mutating func readFieldEnd() throws {}

    /// Reads the element type and count.
    public mutating func readListBegin() throws -> (elementType: ThriftType, count: Int) {
        try enter()
        let elementType = try readType()
        return (elementType, try readSize(bytesPerElement: Self.minimumSize(elementType)))
    }

    /// Leaves one nesting level.
    public mutating func readListEnd() throws { depth -= 1 }
    /// Reads the element type and count.
    public mutating func readSetBegin() throws -> (elementType: ThriftType, count: Int) { try readListBegin() }
    /// Leaves one nesting level.
    public mutating func readSetEnd() throws { depth -= 1 }

    /// Reads the key type, value type and count.
    public mutating func readMapBegin() throws -> (keyType: ThriftType, valueType: ThriftType, count: Int) {
        try enter()
        let keyType = try readType()
        let valueType = try readType()
        let count = try readSize(bytesPerElement: Self.minimumSize(keyType) + Self.minimumSize(valueType))
        return (keyType, valueType, count)
    }

    /// Leaves one nesting level.
    public mutating func readMapEnd() throws { depth -= 1 }
    /// Reads one byte; 1 is true, as in Java.
    public mutating func readBool() throws -> Bool { try readByte() == 1 }
    /// Reads one byte.
    public mutating func readByte() throws -> Int8 { Int8(bitPattern: buffer[try take(1)]) }
    /// Reads two big-endian bytes.
    public mutating func readI16() throws -> Int16 { try readBigEndian(Int16.self) }
    /// Reads four big-endian bytes.
    public mutating func readI32() throws -> Int32 { try readBigEndian(Int32.self) }
    /// Reads eight big-endian bytes.
    public mutating func readI64() throws -> Int64 { try readBigEndian(Int64.self) }
    /// Reads eight big-endian bytes as IEEE-754 bits.
    public mutating func readDouble() throws -> Double { Double(bitPattern: try readBigEndian(UInt64.self)) }
    /// Reads an i32 length and that many bytes of UTF-8.
    public mutating func readString() throws -> String { try readUTF8(count: try readSize(bytesPerElement: 1)) }

    /// Reads an i32 length and that many bytes.
    public mutating func readBinary() throws -> [UInt8] {
        let count = try readSize(bytesPerElement: 1)
        let start = try take(count)
        return Array(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]))
    }

    /// Skips one value without decoding strings, respecting the depth limit.
    public mutating func skip(_ type: ThriftType) throws {
        switch type {
        case .stop:
            throw ThriftError.unknownType(offset: index, tag: "stop")
        case .bool, .byte, .i16, .i32, .i64, .double:
            _ = try take(Self.minimumSize(type))
        case .string:
            _ = try take(try readSize(bytesPerElement: 1))
        case .struct:
            try readStructBegin()
            while true {
                let field = try readFieldBegin()
                if field.type == .stop { break }
                try skip(field.type)
            }
            try readStructEnd()
        case .list, .set:
            let header = try readListBegin()
            for _ in 0..<header.count { try skip(header.elementType) }
            try readListEnd()
        case .map:
            let header = try readMapBegin()
            for _ in 0..<header.count {
                try skip(header.keyType)
                try skip(header.valueType)
            }
            try readMapEnd()
        }
    }
}
