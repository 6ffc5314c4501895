/// Thrift's `TApplicationException`, the body of a type-3 (exception) reply.
public struct TApplicationException: ThriftCodable, CustomStringConvertible {
    /// The exception types defined by Thrift.
    public enum Kind: Int32, Sendable, CaseIterable {
        /// Unspecified failure.
        case unknown = 0
        /// The server has no such method.
        case unknownMethod = 1
        /// The message type was not a call.
        case invalidMessageType = 2
        /// The reply names another method.
        case wrongMethodName = 3
        /// The reply has another sequence id.
        case badSequenceId = 4
        /// The reply carries no result.
        case missingResult = 5
        /// The server failed while processing.
        case internalError = 6
        /// The request could not be decoded.
        case protocolError = 7
    }

    /// Field 1: the human-readable message.
    public var message: String?
    /// Field 2: the raw exception type number.
    public var type: Int32?

    /// Creates an exception from its raw fields.
    public init(message: String? = nil, type: Int32? = nil) {
        self.message = message
        self.type = type
    }

    /// Creates an exception of a known kind.
    public init(_ kind: Kind, message: String) {
        self.init(message: message, type: kind.rawValue)
    }

    /// The exception type; unknown numbers read as `.unknown`.
    public var kind: Kind {
        get { type.flatMap(Kind.init(rawValue:)) ?? .unknown }
        set { type = newValue.rawValue }
    }

    /// `TApplicationException(<kind>): <message>`.
    public var description: String {
        "TApplicationException(\(kind)): \(message ?? "")"
    }

    /// Reads fields 1 and 2, skipping anything else.
    public init(from reader: inout some ThriftReader) throws {
        try reader.readStructBegin()
        while true {
            let field = try reader.readFieldBegin()
            if field.type == .stop { break }
            switch field.id {
            case 1:
                try reader.expect(field.type, .string)
                message = try reader.readString()
            case 2:
                try reader.expect(field.type, .i32)
                type = try reader.readI32()
            default:
                try reader.skip(field.type)
            }
            try reader.readFieldEnd()
        }
        try reader.readStructEnd()
    }

    /// Writes the set fields in id order.
    public func write(to writer: inout some ThriftWriter) {
        writer.writeStructBegin()
        if let message {
            writer.writeFieldBegin(.string, id: 1)
            writer.writeString(message)
            writer.writeFieldEnd()
        }
        if let type {
            writer.writeFieldBegin(.i32, id: 2)
            writer.writeI32(type)
            writer.writeFieldEnd()
        }
        writer.writeFieldStop()
        writer.writeStructEnd()
    }
}
