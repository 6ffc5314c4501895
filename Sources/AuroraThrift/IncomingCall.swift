/// A reader over one complete input that can tell whether bytes are left over.
protocol CompleteInputReader: ThriftReader {
    /// Throws ``ThriftError/trailingBytes(offset:count:)`` unless all input was consumed.
    func finish() throws
}

extension TJSONReader: CompleteInputReader {}
extension TBinaryReader: CompleteInputReader {}

/// A call message received by a server, whose arguments are decoded once the method is known.
public struct IncomingCall: Sendable {
    /// The message header (method name, type, seqid).
    public let header: ThriftMessageHeader
    let bytes: [UInt8]
    let kind: ThriftProtocolKind

    /// Decodes the argument struct and checks that the message ends there.
    public func decodeArgs<A: ThriftCodable>(_ type: A.Type) throws -> A {
        switch kind {
        case .json: try TJSONReader.withReader(over: bytes) { try Self.readArgs(&$0, A.self) }
        case .binary: try TBinaryReader.withReader(over: bytes) { try Self.readArgs(&$0, A.self) }
        }
    }

    static func readArgs<A: ThriftCodable>(_ reader: inout some CompleteInputReader, _: A.Type) throws -> A {
        _ = try reader.readMessageBegin()
        let args = try A(from: &reader)
        try reader.readMessageEnd()
        try reader.finish()
        return args
    }
}
