import Foundation

/// A JSON object being read and the pointer it sits at; `null` members count as absent.
struct SpecFields {
    let values: [String: Any]
    let pointer: String

    subscript(key: String) -> Any? {
        guard let value = values[key], !(value is NSNull) else { return nil }
        return value
    }

    func path(_ key: String) -> String { SpecFields.pointer(appending: key, to: pointer) }

    /// RFC 6901: `~` → `~0`, `/` → `~1`.
    static func pointer(appending token: String, to base: String) -> String {
        var escaped = ""
        for character in token {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return base + "/" + escaped
    }
}

/// Walks a decoded job spec, collecting every problem instead of stopping at the first.
struct SpecReader {
    private(set) var problems: [JobSpecProblem] = []

    mutating func report(_ pointer: String, _ message: String) {
        problems.append(JobSpecProblem(pointer: pointer, message: message))
    }

    /// The object at `pointer`; reports a wrong type, and each key outside `allowed` (nil allows any key).
    mutating func fields(_ value: Any, at pointer: String, allowed: [String]?) -> SpecFields? {
        let json = SpecJSON(value)
        guard case .object(let values) = json else {
            report(pointer, "expected an object, got \(json.described)")
            return nil
        }
        if let allowed {
            for key in values.keys.sorted() where !allowed.contains(key) {
                report(SpecFields.pointer(appending: key, to: pointer), "unknown field; allowed here: \(allowed.joined(separator: ", "))")
            }
        }
        return SpecFields(values: values, pointer: pointer)
    }

    /// The object member `key` of `parent`, or nil when absent or not an object (reported).
    mutating func fields(_ parent: SpecFields, _ key: String, allowed: [String]?) -> SpecFields? {
        guard let value = parent[key] else { return nil }
        return fields(value, at: parent.path(key), allowed: allowed)
    }

    /// Reports `key` as missing when absent; returns whether it is present.
    mutating func require(_ fields: SpecFields, _ key: String, _ hint: String) -> Bool {
        if fields[key] != nil { return true }
        report(fields.path(key), "required: \(hint)")
        return false
    }

    /// A string member, non-empty unless `allowingEmpty`; nil when absent or wrong (reported).
    mutating func string(_ fields: SpecFields, _ key: String, _ hint: String, allowingEmpty: Bool = false) -> String? {
        guard let value = fields[key] else { return nil }
        switch SpecJSON(value) {
        case .string(let string) where allowingEmpty || !string.isEmpty:
            return string
        case .string:
            report(fields.path(key), "must not be empty: \(hint)")
        case let other:
            report(fields.path(key), "expected a string, got \(other.described): \(hint)")
        }
        return nil
    }

    /// A whole number in `range`; nil when absent or wrong (reported). Integral floats such as `2.0` are accepted.
    mutating func integer(_ fields: SpecFields, _ key: String, in range: ClosedRange<Int>, _ hint: String) -> Int? {
        guard let value = fields[key] else { return nil }
        let json = SpecJSON(value)
        let whole: Int
        switch json {
        case .integer(let integer):
            whole = Int(clamping: integer)
        case .number(let number):
            guard let exact = Int(exactly: number) else {
                report(fields.path(key), "expected a whole number, got \(number): \(hint)")
                return nil
            }
            whole = exact
        default:
            report(fields.path(key), "expected a whole number, got \(json.described): \(hint)")
            return nil
        }
        guard range.contains(whole) else {
            let bounds = range.upperBound >= Int(Int32.max) ? "at least \(range.lowerBound)"
                : "a whole number from \(range.lowerBound) to \(range.upperBound)"
            report(fields.path(key), "must be \(bounds): \(hint)")
            return nil
        }
        return whole
    }

    /// A finite number, greater than 0 (or at least 0 when `allowingZero`); nil when absent or wrong (reported).
    mutating func number(_ fields: SpecFields, _ key: String, allowingZero: Bool = false, _ hint: String) -> Double? {
        guard let value = fields[key] else { return nil }
        let json = SpecJSON(value)
        let number: Double
        switch json {
        case .integer(let integer): number = Double(integer)
        case .number(let double): number = double
        default:
            report(fields.path(key), "expected a number, got \(json.described): \(hint)")
            return nil
        }
        guard number.isFinite, allowingZero ? number >= 0 : number > 0 else {
            report(fields.path(key), "must be \(allowingZero ? "0 or more" : "greater than 0"): \(hint)")
            return nil
        }
        return number
    }

    /// A boolean member; `fallback` when absent or wrong (reported).
    mutating func bool(_ fields: SpecFields, _ key: String, default fallback: Bool) -> Bool {
        guard let value = fields[key] else { return fallback }
        let json = SpecJSON(value)
        if case .bool(let bool) = json { return bool }
        report(fields.path(key), "expected true or false, got \(json.described)")
        return fallback
    }

    /// An array of non-empty strings, each with its pointer; nil when absent or not an array (reported).
    mutating func strings(_ fields: SpecFields, _ key: String, _ hint: String) -> [(pointer: String, value: String)]? {
        guard let value = fields[key] else { return nil }
        let json = SpecJSON(value)
        guard case .array(let items) = json else {
            report(fields.path(key), "expected an array of strings, got \(json.described): \(hint)")
            return nil
        }
        var result: [(pointer: String, value: String)] = []
        for (index, item) in items.enumerated() {
            let pointer = SpecFields.pointer(appending: String(index), to: fields.path(key))
            let element = SpecJSON(item)
            if case .string(let string) = element, !string.isEmpty {
                result.append((pointer: pointer, value: string))
            } else {
                report(pointer, "expected a non-empty string, got \(element.described): \(hint)")
            }
        }
        return result
    }
}
