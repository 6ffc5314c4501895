/// Shell-style globs for policy actions and job-key parts: `*` any run of characters, `?` one character.
public struct Glob: Sendable, Equatable {
    private let pattern: [Character]

    /// Creates a glob.
    public init(_ pattern: String) { self.pattern = Array(pattern) }

    /// True when the glob is exactly `*`.
    public var isWildcard: Bool { pattern == ["*"] }

    /// Whether `text` matches the whole glob.
    public func matches(_ text: String) -> Bool {
        let text = Array(text)
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
