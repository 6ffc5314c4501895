/// A Thrift wire type identifier (`TType`), with the numbers TBinaryProtocol puts on the wire.
public enum ThriftType: UInt8, Sendable, CaseIterable {
    /// End of the fields of a struct.
    case stop = 0
    /// A boolean.
    case bool = 2
    /// A signed 8-bit integer.
    case byte = 3
    /// An IEEE-754 64-bit float.
    case double = 4
    /// A signed 16-bit integer.
    case i16 = 6
    /// A signed 32-bit integer (also every enum).
    case i32 = 8
    /// A signed 64-bit integer.
    case i64 = 10
    /// A UTF-8 string or a binary blob.
    case string = 11
    /// A struct, union or exception.
    case `struct` = 12
    /// A map.
    case map = 13
    /// A set.
    case set = 14
    /// A list.
    case list = 15
}

/// The kind of a Thrift message (`TMessageType`).
public enum ThriftMessageType: UInt8, Sendable, CaseIterable {
    /// A request that expects a reply.
    case call = 1
    /// A normal reply.
    case reply = 2
    /// A `TApplicationException` reply.
    case exception = 3
    /// A request that expects no reply.
    case oneway = 4
}

/// The header of a Thrift message: method name, message type and sequence id.
public struct ThriftMessageHeader: Hashable, Sendable {
    /// The RPC method name.
    public var name: String
    /// Whether this is a call, a reply, an exception or a oneway call.
    public var type: ThriftMessageType
    /// The sequence id, echoed by the server.
    public var seqid: Int32

    /// Creates a message header.
    public init(name: String, type: ThriftMessageType, seqid: Int32) {
        self.name = name
        self.type = type
        self.seqid = seqid
    }
}
