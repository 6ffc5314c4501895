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
        // The exact spellings clients send skip the general parser (this runs twice per scheduler call).
        switch contentType {
        case "application/vnd.apache.thrift.json", "application/json", "application/x-thrift":
            self = .json
            return
        case "application/vnd.apache.thrift.binary":
            self = .binary
            return
        default: break
        }
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
        switch header {
        case "application/vnd.apache.thrift.binary": return .binary
        case "application/vnd.apache.thrift.json", "application/json", nil: return .json
        default: break
        }
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
    init?(parsing text: String) {
        var parts = text.split(separator: ";", omittingEmptySubsequences: false).map { Self.trim($0) }
        let head = parts.removeFirst().lowercased()
        let halves = head.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, halves.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isTokenCharacter) })
        else { return nil }
        essence = head
        parameters = []
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let name = Self.trim(part[..<equals]).lowercased()
            var value = Self.trim(part[part.index(after: equals)...])
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard !name.isEmpty, name.allSatisfy(Self.isTokenCharacter), !value.isEmpty else { return nil }
            parameters.append(Parameter(name: name, value: name == "charset" ? value.lowercased() : value))
        }
    }

    private static func trim(_ text: Substring) -> String {
        String(text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, ascii > 32, ascii < 127 else { return false }
        return !"()<>@,;:\\\"/[]?={}".contains(character)
    }
}
