import Synchronization

/// What the code running an operation tells the audit log about the scheduler call it made; the pipeline puts
/// it in the `completed` record. Reached through the `current` task local.
public final class AuditNotes: Sendable {
    /// What was noted.
    public struct Upstream: Sendable, Equatable {
        /// The RPC (`killTasks`).
        public var rpc: String?
        /// The gateway's principal towards the scheduler.
        public var principal: String?
        /// Aurora's `responseCode`.
        public var responseCode: String?
        /// Aurora's details messages.
        public var details: String?
        /// Instances the operation acted on.
        public var instances: [Int]?
    }

    private let state = Mutex(Upstream())

    /// Creates empty notes.
    public init() {}

    /// The notes of the operation the current task runs, if it is audited.
    @TaskLocal public static var current: AuditNotes?

    /// Notes a scheduler call and its answer.
    public func scheduler(rpc: String, principal: String?, responseCode: String?, details: String?) {
        state.withLock {
            // An operation may make several calls (job.kill: killTasks then descheduleCronJob); all are named.
            $0.rpc = $0.rpc.map { $0 == rpc ? $0 : "\($0),\(rpc)" } ?? rpc
            // Reads go to Aurora without a token: the principal is that of any call that carried one.
            $0.principal = principal ?? $0.principal
            $0.responseCode = responseCode
            $0.details = details
        }
    }

    /// Notes an outcome that is not a scheduler answer (`created token tk_…`), kept in `response_details`.
    public func result(_ text: String) { state.withLock { $0.details = text } }

    /// Notes the instances acted on.
    public func instances(_ instances: [Int]) { state.withLock { $0.instances = instances } }

    /// Everything noted.
    public var upstream: Upstream { state.withLock { $0 } }
}
