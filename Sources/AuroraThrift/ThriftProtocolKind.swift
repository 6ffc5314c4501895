/// The two Thrift wire protocols the Aurora scheduler's `/api` endpoint speaks.
public enum ThriftProtocolKind: String, Sendable, CaseIterable {
    /// `TJSONProtocol`, the default of the scheduler.
    case json
    /// `TBinaryProtocol`, what the current Python client uses.
    case binary

    /// The media type sent in `Content-Type` and `Accept` for this protocol.
    public var contentType: String {
        switch self {
        case .json: "application/vnd.apache.thrift.json"
        case .binary: "application/vnd.apache.thrift.binary"
        }
    }

    /// The request protocol the scheduler picks for a `Content-Type` value; `nil` means HTTP 415.
    ///
    /// Mirrors `TContentAwareServlet`: an absent header reads as TJSON; `application/x-thrift`,
    /// `application/json` and `application/vnd.apache.thrift.json` (the last also with
    /// `charset=utf-8`) read as TJSON; `application/vnd.apache.thrift.binary` as TBinary.
    public init?(contentType: String?) {
        guard let contentType, contentType.contains(where: { !$0.isWhitespace }) else {
            self = .json
            return
        }
        guard let media = MediaType(parsing: contentType) else { return nil }
        switch media.essence {
        case "application/x-thrift", "application/json":
            guard media.parameters.isEmpty else { return nil }
            self = .json
        case "application/vnd.apache.thrift.json":
            guard media.parameters.isEmpty || media.parameters == [MediaType.Parameter(name: "charset", value: "utf-8")]
            else { return nil }
            self = .json
        case "application/vnd.apache.thrift.binary":
            guard media.parameters.isEmpty else { return nil }
            self = .binary
        default:
            return nil
        }
    }

    /// The reply protocol the scheduler picks for an `Accept` value: TBinary only for exactly the binary type.
    public static func forAccept(_ header: String?) -> ThriftProtocolKind {
        guard let header, let media = MediaType(parsing: header) else { return .json }
        return media.essence == ThriftProtocolKind.binary.contentType && media.parameters.isEmpty ? .binary : .json
    }
}

/// A parsed single media type: lowercased `type/subtype` and its parameters in order.
struct MediaType: Equatable {
    /// One `name=value` parameter; the name is lowercased, `charset` values are lowercased too.
    struct Parameter: Equatable {
        var name: String
        var value: String
    }

    var essence: String
    var parameters: [Parameter]

    /// Parses `type/subtype *(; name=value)`; returns `nil` for lists, missing parts or stray characters.
    /// Byte-wise: it runs on both sides of every scheduler call.
    init?(parsing text: String) {
        var parts = Array(text.utf8).split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map(Self.trim)
        let head = Self.lowercased(parts.removeFirst())
        let halves = head.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard halves.count == 2, halves.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isTokenByte) }) else { return nil }
        essence = String(decoding: head, as: UTF8.self)
        parameters = []
        for part in parts {
            guard let equals = part.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let name = Self.lowercased(Self.trim(part[..<equals]))
            var value = Self.trim(part[(equals + 1)...])
            if value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\"") { value = value.dropFirst().dropLast() }
            guard !name.isEmpty, name.allSatisfy(Self.isTokenByte), !value.isEmpty else { return nil }
            let nameText = String(decoding: name, as: UTF8.self)
            parameters.append(Parameter(name: nameText, value: String(decoding: nameText == "charset" ? Self.lowercased(value) : Array(value), as: UTF8.self)))
        }
    }

    private static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
    }

    private static let separators = Set("()<>@,;:\\\"/[]?={}".utf8)

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        byte > 32 && byte < 127 && !separators.contains(byte)
    }
}
