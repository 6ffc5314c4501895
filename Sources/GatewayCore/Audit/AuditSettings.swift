/// `audit:` — how much is recorded for reads, and how long records are kept.
public struct AuditSettings: Sendable, Equatable {
    /// How reads are recorded.
    public enum Reads: String, Sendable, Equatable {
        /// One durable `decided` record before the call: who, what, which target, which rule.
        case metadata
        /// Like writes: `decided` before and `completed` after, with status and duration.
        case full
    }

    /// How reads are recorded (default `metadata`).
    public var reads: Reads
    /// Records older than this are pruned (with a checkpoint); nil keeps everything.
    public var retention: Duration?

    /// Creates settings.
    public init(reads: Reads = .metadata, retention: Duration? = .seconds(400 * 86_400)) {
        self.reads = reads
        self.retention = retention
    }
}
