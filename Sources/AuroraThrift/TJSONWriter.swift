/// Writes Java `TJSONProtocol` bytes exactly: no whitespace, `1`/`0` booleans, bare integers,
/// quoted numbers only in map-key position, Java-style string escapes, unpadded base64.
public struct TJSONWriter: ThriftWriter {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]
    var context: UInt8 = TJSONContext.base
    var stack: [UInt8] = []

    /// Creates a writer with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Emits the separator the current context needs and returns whether the value is in key position.
    @inline(__always)
    mutating func separate() -> Bool {
        switch context {
        case TJSONContext.listFirst: context = TJSONContext.listNext
        case TJSONContext.listNext: bytes.append(0x2C)
        case TJSONContext.pairFirst: context = TJSONContext.pairValue; return true
        case TJSONContext.pairValue: bytes.append(0x3A); context = TJSONContext.pairKey
        case TJSONContext.pairKey: bytes.append(0x2C); context = TJSONContext.pairValue; return true
        default: break
        }
        return false
    }

    mutating func open(_ bracket: UInt8, _ inner: UInt8) {
        _ = separate()
        bytes.append(bracket)
        stack.append(context)
        context = inner
    }

    mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        context = stack.removeLast()
    }

    mutating func writeInteger(_ value: Int64) {
        if separate() {
            bytes.append(0x22)
            JSONNumbers.appendInteger(value, to: &bytes)
            bytes.append(0x22)
        } else {
            JSONNumbers.appendInteger(value, to: &bytes)
        }
    }

    mutating func writeTag(_ type: ThriftType) {
        _ = separate()
        TJSONContext.quotedTag(type).withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes `[1,"name",type,seqid,` and leaves the message array open.
    public mutating func writeMessageBegin(_ header: ThriftMessageHeader) {
        open(0x5B, TJSONContext.listFirst)
        writeInteger(1)
        writeString(header.name)
        writeInteger(Int64(header.type.rawValue))
        writeInteger(Int64(header.seqid))
    }

    /// Closes the message array.
    public mutating func writeMessageEnd() { close(0x5D) }
    /// Opens a struct object.
    public mutating func writeStructBegin() { open(0x7B, TJSONContext.pairFirst) }
    /// Closes a struct object.
    public mutating func writeStructEnd() { close(0x7D) }

    /// Writes `"id":{"tag":`.
    public mutating func writeFieldBegin(_ type: ThriftType, id: Int16) {
        // Same bytes and context transitions as writeInteger + open + writeTag, in one step.
        switch context {
        case TJSONContext.pairFirst: break
        case TJSONContext.pairKey: bytes.append(0x2C)
        default:
            writeInteger(Int64(id))
            open(0x7B, TJSONContext.pairFirst)
            writeTag(type)
            return
        }
        bytes.append(0x22)
        JSONNumbers.appendInteger(Int64(id), to: &bytes)
        bytes.append(contentsOf: [0x22, 0x3A, 0x7B] as [UInt8])
        stack.append(TJSONContext.pairKey)
        context = TJSONContext.pairFirst
        writeTag(type)
    }

    /// Closes the field's value object.
    public mutating func writeFieldEnd() { close(0x7D) }
    /// Writes nothing: TJSON structs end with `}`.
    public mutating func writeFieldStop() {}

    /// Writes `["tag",count`.
    public mutating func writeListBegin(_ elementType: ThriftType, count: Int) {
        open(0x5B, TJSONContext.listFirst)
        writeTag(elementType)
        writeInteger(Int64(Int32(count)))
    }

    /// Closes the list array.
    public mutating func writeListEnd() { close(0x5D) }
    /// Writes `["tag",count` (sets look like lists).
    public mutating func writeSetBegin(_ elementType: ThriftType, count: Int) { writeListBegin(elementType, count: count) }
    /// Closes the set array.
    public mutating func writeSetEnd() { close(0x5D) }

    /// Writes `["keyTag","valueTag",count,{`.
    public mutating func writeMapBegin(_ keyType: ThriftType, _ valueType: ThriftType, count: Int) {
        open(0x5B, TJSONContext.listFirst)
        writeTag(keyType)
        writeTag(valueType)
        writeInteger(Int64(Int32(count)))
        open(0x7B, TJSONContext.pairFirst)
    }

    /// Writes `}]`.
    public mutating func writeMapEnd() {
        close(0x7D)
        close(0x5D)
    }

    /// Writes `1` or `0`.
    public mutating func writeBool(_ value: Bool) { writeInteger(value ? 1 : 0) }
    /// Writes a bare integer.
    public mutating func writeByte(_ value: Int8) { writeInteger(Int64(value)) }
    /// Writes a bare integer.
    public mutating func writeI16(_ value: Int16) { writeInteger(Int64(value)) }
    /// Writes a bare integer.
    public mutating func writeI32(_ value: Int32) { writeInteger(Int64(value)) }
    /// Writes a bare integer.
    public mutating func writeI64(_ value: Int64) { writeInteger(value) }

    /// Writes a bare Java-style double; `"NaN"`, `"Infinity"` and `"-Infinity"` are quoted.
    public mutating func writeDouble(_ value: Double) {
        let quoted = separate() || !value.isFinite
        if quoted { bytes.append(0x22) }
        if value.isNaN {
            bytes.append(contentsOf: [0x4E, 0x61, 0x4E])
        } else if value.isInfinite {
            if value < 0 { bytes.append(0x2D) }
            bytes.append(contentsOf: [0x49, 0x6E, 0x66, 0x69, 0x6E, 0x69, 0x74, 0x79])
        } else {
            JSONNumbers.appendJavaDouble(value, to: &bytes)
        }
        if quoted { bytes.append(0x22) }
    }

    /// Writes a quoted string, escaping only `"`, `\` and control characters as Java does.
    public mutating func writeString(_ value: String) {
        _ = separate()
        bytes.append(0x22)
        var value = value
        value.withUTF8 { appendEscaped($0) }
        bytes.append(0x22)
    }

    /// Writes unpadded base64 in quotes.
    public mutating func writeBinary(_ value: [UInt8]) {
        _ = separate()
        bytes.append(0x22)
        Base64.appendEncoded(value, to: &bytes)
        bytes.append(0x22)
    }

    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            runStart = index + 1
            bytes.append(0x5C)
            switch byte {
            case 0x22, 0x5C: bytes.append(byte)
            case 0x08: bytes.append(0x62)
            case 0x09: bytes.append(0x74)
            case 0x0A: bytes.append(0x6E)
            case 0x0C: bytes.append(0x66)
            case 0x0D: bytes.append(0x72)
            default:
                bytes.append(contentsOf: [0x75, 0x30, 0x30, Base64.hexDigit(byte >> 4), Base64.hexDigit(byte & 0xF)])
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }
}
