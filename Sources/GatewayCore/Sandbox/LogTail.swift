/// The last lines of a log, and whether the log holds more than that.
public struct LogTail: Sendable, Equatable {
    /// The lines, each with its newline.
    public var text: String
    /// True when earlier lines were left out.
    public var truncated: Bool

    /// Creates a tail.
    public init(text: String, truncated: Bool) {
        self.text = text
        self.truncated = truncated
    }

    /// The last `count` lines of `text`; when `text` does not start at the log's beginning its first, partial line is dropped.
    public static func last(_ count: Int, of text: String, startsAtBeginning: Bool) -> LogTail {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var dropped = false
        if !startsAtBeginning, !lines.isEmpty {
            lines.removeFirst()
            dropped = true
        }
        let kept = lines.suffix(count)
        let body = kept.joined(separator: "\n")
        return LogTail(text: kept.isEmpty ? "" : body + (text.hasSuffix("\n") ? "\n" : ""), truncated: dropped || kept.count < lines.count)
    }
}
