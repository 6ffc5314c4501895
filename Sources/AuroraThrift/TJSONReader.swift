/// Reads Java `TJSONProtocol` bytes with the Java reader's strict syntax: no whitespace anywhere,
/// numbers in key position quoted, any field order, unknown fields skipped.
///
/// Differences from Java, all stricter or safer: integers must fit their type, strings must be
/// valid UTF-8, tags must be spelled exactly; `\u` escapes accept upper-case hex as well.
public struct TJSONReader: ThriftReader {
    let buffer: UnsafeRawBufferPointer
    var index = 0
    var context: UInt8 = TJSONContext.base
    var stack: [UInt8] = []
    var depth = 0
    var scratch: [UInt8] = []

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
        stack.reserveCapacity(32)
    }

    /// Runs `body` with a reader over `bytes`.
    public static func withReader<R>(over bytes: [UInt8], _ body: (inout TJSONReader) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { raw in
            var reader = TJSONReader(raw)
            return try body(&reader)
        }
    }

    /// The byte offset of the next unread byte.
    public var position: Int { index }

    /// Throws ``ThriftError/trailingBytes(offset:count:)`` unless all input was consumed.
    public func finish() throws {
        if index < buffer.count { throw ThriftError.trailingBytes(offset: index, count: buffer.count - index) }
    }

    // MARK: Syntax

    @inline(__always)
    func peek() throws -> UInt8 {
        guard index < buffer.count else { throw ThriftError.truncated(offset: index) }
        return buffer[index]
    }

    @inline(__always)
    mutating func consume(_ byte: UInt8) throws {
        let found = try peek()
        guard found == byte else { throw unexpected(found, "'\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    func unexpected(_ found: UInt8, _ expected: String) -> ThriftError {
        .unexpectedCharacter(offset: index, found: found, expected: expected)
    }

    /// Consumes the separator the current context needs; returns whether the value is in key position.
    @inline(__always)
    mutating func separate() throws -> Bool {
        switch context {
        case TJSONContext.listFirst: context = TJSONContext.listNext
        case TJSONContext.listNext: try consume(0x2C)
        case TJSONContext.pairFirst: context = TJSONContext.pairValue; return true
        case TJSONContext.pairValue: try consume(0x3A); context = TJSONContext.pairKey
        case TJSONContext.pairKey: try consume(0x2C); context = TJSONContext.pairValue; return true
        default: break
        }
        return false
    }

    mutating func open(_ bracket: UInt8, _ inner: UInt8) throws {
        _ = try separate()
        try consume(bracket)
        stack.append(context)
        context = inner
    }

    mutating func close(_ bracket: UInt8) throws {
        try consume(bracket)
        context = stack.popLast() ?? TJSONContext.base
    }

    mutating func enter() throws {
        depth += 1
        if depth > thriftNestingLimit { throw ThriftError.nestingTooDeep(offset: index, limit: thriftNestingLimit) }
    }

    /// Reads a quoted type tag such as `"i32"`.
    mutating func readTag() throws -> ThriftType {
        _ = try separate()
        try consume(0x22)
        let start = index
        while try peek() != 0x22 { index += 1 }
        let tag = UnsafeRawBufferPointer(rebasing: buffer[start..<index])
        guard let type = TJSONContext.type(tag: tag) else {
            throw ThriftError.unknownType(offset: start, tag: "\"" + String(decoding: tag, as: UTF8.self) + "\"")
        }
        index += 1
        return type
    }

    /// Reads a collection count and checks it against the remaining input.
    mutating func readCount(bytesPerElement: Int) throws -> Int {
        let (count, start) = try readNumber(in: Int64(Int32.min)...Int64(Int32.max))
        if count < 0 { throw ThriftError.negativeSize(offset: start, size: count) }
        let remaining = buffer.count - index
        if Int(count) > remaining / bytesPerElement {
            throw ThriftError.sizeExceedsInput(offset: start, size: count, remaining: remaining)
        }
        return Int(count)
    }
}
