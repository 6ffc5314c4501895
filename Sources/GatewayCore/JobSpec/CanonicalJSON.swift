/// A JSON value with exactly one rendering: object keys sorted, no whitespace, integers as integers and doubles in
/// Swift's shortest round-trip form (`0.1`, `15.0`, like Python's `repr`), so the same job always gives the same bytes.
enum CanonicalJSON: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])
    case null

    /// The compact text.
    var rendered: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let value):
            Self.write(string: value, to: &out)
        case .integer(let value):
            out += String(value)
        case .double(let value):
            out += value.isFinite ? value.description : "null"
        case .bool(let value):
            out += value ? "true" : "false"
        case .null:
            out += "null"
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                Self.write(string: member.key, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Escapes `"`, `\` and control characters (lowercase `\u00xx`); everything else stays as UTF-8.
    private static func write(string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
