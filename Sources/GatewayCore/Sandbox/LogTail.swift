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

    /// The last `count` lines of `bytes` (split at `\n` bytes, so `\r\n` logs and any UTF-8 work); when `bytes` does
    /// not start at the log's beginning its first, partial line is dropped. Invalid UTF-8 becomes U+FFFD.
    public static func last(_ count: Int, of bytes: [UInt8], startsAtBeginning: Bool) -> LogTail {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var dropped = false
        if !startsAtBeginning, !lines.isEmpty {
            lines.removeFirst()
            dropped = true
        }
        let kept = lines.suffix(count)
        var text = kept.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        if !kept.isEmpty && bytes.last == UInt8(ascii: "\n") { text += "\n" }
        return LogTail(text: text, truncated: dropped || kept.count < lines.count)
    }

    /// The same for text.
    public static func last(_ count: Int, of text: String, startsAtBeginning: Bool) -> LogTail {
        last(count, of: Array(text.utf8), startsAtBeginning: startsAtBeginning)
    }
}
