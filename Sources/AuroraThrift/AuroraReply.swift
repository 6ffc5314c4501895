/// The `<method>_result` struct of every Aurora RPC: field 0 holds the `Response` (no method declares exceptions).
public struct AuroraReply: ThriftCodable {
    /// Field 0: the method's return value.
    public var success: Response?

    /// Creates a reply envelope.
    public init(success: Response? = nil) {
        self.success = success
    }

    /// Reads field 0, skipping anything else.
    public init(from reader: inout some ThriftReader) throws {
        try reader.readStructBegin()
        while true {
            let field = try reader.readFieldBegin()
            if field.type == .stop { break }
            if field.id == 0 {
                try reader.expect(field.type, .struct)
                success = try Response(from: &reader)
            } else {
                try reader.skip(field.type)
            }
            try reader.readFieldEnd()
        }
        try reader.readStructEnd()
    }

    /// Writes field 0 when set.
    public func write(to writer: inout some ThriftWriter) {
        writer.writeStructBegin()
        if let success {
            writer.writeFieldBegin(.struct, id: 0)
            success.write(to: &writer)
            writer.writeFieldEnd()
        }
        writer.writeFieldStop()
        writer.writeStructEnd()
    }
}
