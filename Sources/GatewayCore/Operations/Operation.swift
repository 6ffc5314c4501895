/// What an operation acts on, which decides how policy and token scopes are matched.
public enum TargetKind: String, Sendable, Equatable {
    /// The caller's own identity and tokens (`me`, `tokens.*`): allowed to every authenticated caller within its token's scopes.
    case caller
    /// Every cluster (`clusters.list`).
    case clusters
    /// One cluster (`roles.list`, `maintenance.*`).
    case cluster
    /// One role of one cluster (`jobs.list`, `quota.*`).
    case role
    /// One job (`job.*`, `tasks.*`, `update.*`, `cron.*`, `task.*`).
    case job
}

/// One operation of the catalogue: its id is the REST operation id, the JSON-RPC method, the policy action,
/// the audit `action` and the metric label.
public struct Operation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The operation id, e.g. `job.create`.
    public let id: String
    /// Covered by the `read` shorthand (GET operations on jobs, tasks, updates, roles and quota).
    public let isRead: Bool
    /// Reserved to admin groups unless a policy rule names it explicitly (not through `*` or `read`).
    public let adminOnly: Bool
    /// What it acts on.
    public let target: TargetKind
    /// The scheduler RPC it makes, for docs and audit (`getJobSummary`), or nil.
    public let schedulerCall: String?

    /// Creates a descriptor.
    public init(_ id: String, read: Bool = false, adminOnly: Bool = false, target: TargetKind, call: String? = nil) {
        self.id = id
        self.isRead = read
        self.adminOnly = adminOnly
        self.target = target
        self.schedulerCall = call
    }

    public var description: String { id }

    public static func == (lhs: Operation, rhs: Operation) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
