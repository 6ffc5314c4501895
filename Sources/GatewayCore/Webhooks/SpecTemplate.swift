import Foundation

/// A check's job spec as written in the config: a JSON-like tree whose strings may hold `{{…}}` placeholders.
public indirect enum SpecTemplate: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([SpecTemplate])
    case object([String: SpecTemplate])

    /// The tree with placeholders filled in, as `JobSpecDecoder.decode(object:)` and JSONSerialization take it.
    /// Values inside a `cmdline` are shell-quoted when they hold anything but safe characters.
    public func render(_ values: PlaceholderValues, inCommandLine: Bool = false) -> Any {
        switch self {
        case .string(let text): return values.fill(text, shellQuoted: inCommandLine)
        case .int(let number): return number
        case .double(let number): return number
        case .bool(let flag): return flag
        case .null: return NSNull()
        case .array(let items): return items.map { $0.render(values, inCommandLine: inCommandLine) }
        case .object(let fields):
            var out: [String: Any] = [:]
            for (key, value) in fields { out[key] = value.render(values, inCommandLine: inCommandLine || key == "cmdline") }
            return out
        }
    }
}

/// The values of a pull request's placeholders: `{{repository}}`, `{{repository.name}}`, `{{pr.number}}`,
/// `{{pr.head_sha}}`, `{{pr.head_ref}}`, `{{pr.base_ref}}`, `{{pr.author}}`, `{{check}}`. Other `{{…}}` (Thermos's
/// `{{mesos.instance}}`, …) are left for the executor.
public struct PlaceholderValues: Sendable {
    /// The names this gateway fills in.
    public static let names = ["repository", "repository.name", "pr.number", "pr.head_sha", "pr.head_ref", "pr.base_ref",
                               "pr.author", "check"]
    let values: [String: String]

    /// The values for one pull request and check.
    public init(repository: String, number: Int, headSHA: String, headRef: String, baseRef: String, author: String, check: String) {
        values = ["repository": repository, "repository.name": String(repository.split(separator: "/").last ?? ""),
                  "pr.number": String(number), "pr.head_sha": headSHA, "pr.head_ref": headRef, "pr.base_ref": baseRef,
                  "pr.author": author, "check": check]
    }

    /// `text` with each known placeholder replaced (shell-quoted when asked and needed).
    public func fill(_ text: String, shellQuoted: Bool = false) -> String {
        guard text.contains("{{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let value = values[name] {
                out += shellQuoted ? ShellQuote.word(value) : value
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// A job name from `template`: placeholders filled, then made an Aurora identifier.
    public func jobName(_ template: String) -> String { AuroraIdentifier.sanitized(fill(template)) }
}
