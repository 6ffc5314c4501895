/// Reads `TBinaryProtocol` bytes; accepts strict and old non-strict message headers, checks every
/// size against the remaining input before allocating anything.
public struct TBinaryReader: ThriftReader {
    let buffer: UnsafeRawBufferPointer
    var index = 0
    var depth = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    /// Runs `body` with a reader over `bytes`.
    public static func withReader<R>(over bytes: [UInt8], _ body: (inout TBinaryReader) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { raw in
            var reader = TBinaryReader(raw)
            return try body(&reader)
        }
    }

    /// The byte offset of the next unread byte.
    public var position: Int { index }

    /// Throws ``ThriftError/trailingBytes(offset:count:)`` unless all input was consumed.
    public func finish() throws {
        if index < buffer.count { throw ThriftError.trailingBytes(offset: index, count: buffer.count - index) }
    }

    @inline(__always)
    mutating func take(_ count: Int) throws -> Int {
        guard buffer.count - index >= count else { throw ThriftError.truncated(offset: buffer.count) }
        defer { index += count }
        return index
    }

    @inline(__always)
    mutating func readBigEndian<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let start = try take(MemoryLayout<T>.size)
        return T(bigEndian: buffer.loadUnaligned(fromByteOffset: start, as: T.self))
    }

    mutating func readType() throws -> ThriftType {
        let start = try take(1)
        guard let type = ThriftType(rawValue: buffer[start]) else {
            throw ThriftError.unknownType(offset: start, tag: String(buffer[start]))
        }
        return type
    }

    mutating func enter() throws {
        depth += 1
        if depth > thriftNestingLimit { throw ThriftError.nestingTooDeep(offset: index, limit: thriftNestingLimit) }
    }

    /// The fewest bytes one value of `type` occupies on the wire.
    static func minimumSize(_ type: ThriftType) -> Int {
        switch type {
        case .stop, .bool, .byte, .struct: 1
        case .i16: 2
        case .i32, .string: 4
        case .i64, .double: 8
        case .list, .set: 5
        case .map: 6
        }
    }

    /// Reads an i32 size and checks that `size × bytesPerElement` bytes remain.
    mutating func readSize(bytesPerElement: Int) throws -> Int {
        let start = index
        let size = try readBigEndian(Int32.self)
        if size < 0 { throw ThriftError.negativeSize(offset: start, size: Int64(size)) }
        let remaining = buffer.count - index
        if Int(size) > remaining / Swift.max(bytesPerElement, 1) {
            throw ThriftError.sizeExceedsInput(offset: start, size: Int64(size), remaining: remaining)
        }
        return Int(size)
    }

    /// Validates and returns `count` bytes of UTF-8 at the cursor as a string.
    mutating func readUTF8(count: Int) throws -> String {
        let start = try take(count)
        let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)])
        if let bad = UTF8Validation.firstInvalid(in: slice) { throw ThriftError.invalidUTF8(offset: start + bad) }
        return String(decoding: slice, as: UTF8.self)
    }
}
