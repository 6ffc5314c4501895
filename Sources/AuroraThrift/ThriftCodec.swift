/// The one entry point other modules use to turn Aurora values into bytes and back.
public enum ThriftCodec {
    /// Encodes a bare struct or union (no message envelope).
    public static func encode<T: ThriftCodable>(_ value: T, as kind: ThriftProtocolKind) -> [UInt8] {
        switch kind {
        case .json:
            var writer = TJSONWriter()
            value.write(to: &writer)
            return writer.bytes
        case .binary:
            var writer = TBinaryWriter()
            value.write(to: &writer)
            return writer.bytes
        }
    }

    /// Decodes a bare struct or union; the whole input must be consumed.
    public static func decode<T: ThriftCodable>(_ type: T.Type, from bytes: [UInt8], as kind: ThriftProtocolKind) throws -> T {
        switch kind {
        case .json: try TJSONReader.withReader(over: bytes) { try readWhole(&$0, T.self) }
        case .binary: try TBinaryReader.withReader(over: bytes) { try readWhole(&$0, T.self) }
        }
    }

    /// A whole call message for the scheduler's /api.
    public static func encodeCall<C: AuroraCall>(_ call: C, seqid: Int32 = 0, as kind: ThriftProtocolKind) -> [UInt8] {
        encodeMessage(ThriftMessageHeader(name: C.methodName, type: .call, seqid: seqid), call, as: kind)
    }

    /// Decodes a reply: returns the Response, throws ThriftError.applicationException for type-3 replies,
    /// throws a typed error when the method name differs from `method`.
    public static func decodeReply(_ bytes: [UInt8], method: String, as kind: ThriftProtocolKind) throws -> Response {
        switch kind {
        case .json: try TJSONReader.withReader(over: bytes) { try readReply(&$0, method: method) }
        case .binary: try TBinaryReader.withReader(over: bytes) { try readReply(&$0, method: method) }
        }
    }

    /// Server side: reads the header, lets the caller pick the args type by name.
    public static func readCall(_ bytes: [UInt8], as kind: ThriftProtocolKind) throws -> IncomingCall {
        let header = switch kind {
        case .json: try TJSONReader.withReader(over: bytes) { try $0.readMessageBegin() }
        case .binary: try TBinaryReader.withReader(over: bytes) { try $0.readMessageBegin() }
        }
        return IncomingCall(header: header, bytes: bytes, kind: kind)
    }

    /// A reply message carrying `response` in field 0 of the result struct.
    public static func encodeReply(_ response: Response, method: String, seqid: Int32, as kind: ThriftProtocolKind) -> [UInt8] {
        encodeMessage(ThriftMessageHeader(name: method, type: .reply, seqid: seqid), AuroraReply(success: response), as: kind)
    }

    /// A type-3 exception message, as a server sends for unknown methods or undecodable calls.
    public static func encodeException(
        _ error: TApplicationException, method: String, seqid: Int32, as kind: ThriftProtocolKind
    ) -> [UInt8] {
        encodeMessage(ThriftMessageHeader(name: method, type: .exception, seqid: seqid), error, as: kind)
    }

    static func encodeMessage<T: ThriftCodable>(_ header: ThriftMessageHeader, _ body: T, as kind: ThriftProtocolKind) -> [UInt8] {
        switch kind {
        case .json:
            var writer = TJSONWriter()
            writer.writeMessageBegin(header)
            body.write(to: &writer)
            writer.writeMessageEnd()
            return writer.bytes
        case .binary:
            var writer = TBinaryWriter()
            writer.writeMessageBegin(header)
            body.write(to: &writer)
            writer.writeMessageEnd()
            return writer.bytes
        }
    }

    static func readWhole<T: ThriftCodable>(_ reader: inout some CompleteInputReader, _: T.Type) throws -> T {
        let value = try T(from: &reader)
        try reader.finish()
        return value
    }

    static func readReply(_ reader: inout some CompleteInputReader, method: String) throws -> Response {
        let header = try reader.readMessageBegin()
        if header.type == .exception {
            let exception = try TApplicationException(from: &reader)
            try reader.readMessageEnd()
            throw ThriftError.applicationException(exception)
        }
        guard header.type == .reply else { throw ThriftError.unexpectedMessageType(expected: .reply, found: header.type) }
        guard header.name == method else { throw ThriftError.wrongMethodName(expected: method, found: header.name) }
        let reply = try AuroraReply(from: &reader)
        try reader.readMessageEnd()
        try reader.finish()
        guard let response = reply.success else { throw ThriftError.missingResult(method: method) }
        return response
    }
}
