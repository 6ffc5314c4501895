extension TJSONReader {
    /// Reads `[1,"name",type,seqid,` and leaves the message array open.
    public mutating func readMessageBegin() throws -> ThriftMessageHeader {
        try open(0x5B, TJSONContext.listFirst)
        let (version, versionOffset) = try readNumber(in: Int64.min...Int64.max)
        if version != 1 { throw ThriftError.badMessageVersion(offset: versionOffset, version: version) }
        let name = try readString()
        let (rawType, typeOffset) = try readNumber(in: Int64.min...Int64.max)
        guard let type = UInt8(exactly: rawType).flatMap(ThriftMessageType.init(rawValue:)) else {
            throw ThriftError.invalidMessageType(offset: typeOffset, type: rawType)
        }
        let seqid = try readInteger(in: Int64(Int32.min)...Int64(Int32.max))
        return ThriftMessageHeader(name: name, type: type, seqid: Int32(seqid))
    }

    /// Reads the closing `]` of the message.
    public mutating func readMessageEnd() throws { try close(0x5D) }

    /// Reads `{`.
    public mutating func readStructBegin() throws {
        try open(0x7B, TJSONContext.pairFirst)
        try enter()
    }

    /// Reads `}`.
    public mutating func readStructEnd() throws {
        try close(0x7D)
        depth -= 1
    }

    /// Reads `"id":{"tag":`, or reports `.stop` at the struct's `}`.
    public mutating func readFieldBegin() throws -> (type: ThriftType, id: Int16) {
        if try peek() == 0x7D { return (.stop, 0) }
        let id = try readInteger(in: Int64(Int16.min)...Int64(Int16.max))
        try open(0x7B, TJSONContext.pairFirst)
        return (try readTag(), Int16(id))
    }

    /// Reads the `}` closing the field's value object.
    public mutating func readFieldEnd() throws { try close(0x7D) }

    /// Reads `["tag",count`.
    public mutating func readListBegin() throws -> (elementType: ThriftType, count: Int) {
        try open(0x5B, TJSONContext.listFirst)
        try enter()
        let elementType = try readTag()
        return (elementType, try readCount(bytesPerElement: 1))
    }

    /// Reads `]`.
    public mutating func readListEnd() throws {
        try close(0x5D)
        depth -= 1
    }

    /// Reads `["tag",count`.
    public mutating func readSetBegin() throws -> (elementType: ThriftType, count: Int) { try readListBegin() }
    /// Reads `]`.
    public mutating func readSetEnd() throws { try readListEnd() }

    /// Reads `["keyTag","valueTag",count,{`.
    public mutating func readMapBegin() throws -> (keyType: ThriftType, valueType: ThriftType, count: Int) {
        try open(0x5B, TJSONContext.listFirst)
        try enter()
        let keyType = try readTag()
        let valueType = try readTag()
        let count = try readCount(bytesPerElement: 4)
        try open(0x7B, TJSONContext.pairFirst)
        return (keyType, valueType, count)
    }

    /// Reads `}]`.
    public mutating func readMapEnd() throws {
        try close(0x7D)
        try close(0x5D)
        depth -= 1
    }

    /// Reads an integer; any non-zero value is true, as in Java.
    public mutating func readBool() throws -> Bool { try readInteger(in: Int64.min...Int64.max) != 0 }
    /// Reads an integer in the byte range.
    public mutating func readByte() throws -> Int8 { Int8(try readInteger(in: Int64(Int8.min)...Int64(Int8.max))) }
    /// Reads an integer in the i16 range.
    public mutating func readI16() throws -> Int16 { Int16(try readInteger(in: Int64(Int16.min)...Int64(Int16.max))) }
    /// Reads an integer in the i32 range.
    public mutating func readI32() throws -> Int32 { Int32(try readInteger(in: Int64(Int32.min)...Int64(Int32.max))) }
    /// Reads an i64.
    public mutating func readI64() throws -> Int64 { try readInteger(in: Int64.min...Int64.max) }

    /// Skips one value, checking syntax, nesting depth and UTF-8 as a typed read would.
    public mutating func skip(_ type: ThriftType) throws {
        switch type {
        case .stop:
            throw ThriftError.unknownType(offset: index, tag: "stop")
        case .bool, .byte, .i16, .i32, .i64:
            _ = try readInteger(in: Int64.min...Int64.max)
        case .double:
            _ = try readDouble()
        case .string:
            _ = try separate()
            try scanString(building: false)
        case .struct:
            try readStructBegin()
            while true {
                let field = try readFieldBegin()
                if field.type == .stop { break }
                try skip(field.type)
                try readFieldEnd()
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
