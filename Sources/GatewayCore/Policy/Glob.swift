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

    /// Whether every text that `other` (itself a glob) matches is also matched by this glob. Conservative:
    /// `*` and `?` in `other` are covered only by `*` (and `?` by `?`), so a false answer may be over-careful, never unsafe.
    public func covers(_ other: String) -> Bool {
        let text = Array(other)
        var memo = [Int: Bool]()
        func match(_ p: Int, _ t: Int) -> Bool {
            let key = p * (text.count + 1) + t
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = t == text.count
            } else if pattern[p] == "*" {
                result = match(p + 1, t) || (t < text.count && match(p, t + 1))
            } else if t == text.count {
                result = false
            } else if pattern[p] == "?" {
                result = text[t] != "*" && match(p + 1, t + 1)
            } else {
                result = text[t] != "*" && text[t] != "?" && pattern[p] == text[t] && match(p + 1, t + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
