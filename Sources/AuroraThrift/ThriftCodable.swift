/// A Thrift struct or union that can read and write itself with any protocol.
public protocol ThriftCodable: Hashable, Sendable {
    /// Reads a value; fields absent from the input stay `nil`, unknown field ids are skipped.
    init(from reader: inout some ThriftReader) throws
    /// Writes the non-`nil` fields in ascending field-id order.
    func write(to writer: inout some ThriftWriter)
}

/// An open Thrift enum: any `i32` decodes, known values have names.
public protocol ThriftEnum: RawRepresentable<Int32>, Hashable, Sendable, CustomStringConvertible {
    /// Wraps any wire value, known or not.
    init(rawValue: Int32)
    /// The IDL name (`"PENDING"`), or `nil` for a value this schema does not know.
    var name: String? { get }
    /// Looks a value up by its IDL name.
    init?(name: String)
    /// Every value the IDL defines, in declaration order.
    static var allKnown: [Self] { get }
}

extension ThriftEnum {
    /// The IDL name, or the number for unknown values.
    public var description: String {
        name ?? String(rawValue)
    }
}

/// The arguments of one Aurora RPC; the type determines the method.
public protocol AuroraCall: ThriftCodable {
    /// The Thrift method name, e.g. `"killTasks"`.
    static var methodName: String { get }
    /// Whether the method only reads (no authentication needed, safe to retry).
    static var isReadOnly: Bool { get }
}
