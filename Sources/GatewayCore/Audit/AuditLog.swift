public import Foundation

/// The append-only audit log (SQLite in `GatewayStore`). `append` returns only once the record is durable.
public protocol AuditLog: Sendable {
    /// Appends a record to the chain and waits until it is on disk; throws when it cannot be written.
    func append(_ record: AuditRecord) async throws(AuditFailure) -> AuditReceipt
    /// Records matching the filter, newest first, one page at a time.
    func query(_ filter: AuditFilter) async throws(AuditFailure) -> AuditPage
    /// Recomputes the chain from the oldest kept record to the newest.
    func verify() async throws(AuditFailure) -> AuditVerification
    /// Removes records older than `cutoff` and appends a checkpoint that anchors the rest of the chain.
    func prune(before cutoff: Date) async throws(AuditFailure) -> Int
}

/// Where an appended record landed.
public struct AuditReceipt: Sendable, Equatable {
    /// Its sequence number.
    public let seq: Int64
    /// Its hash.
    public let hash: String

    /// Creates a receipt.
    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}

/// Why the audit log could not do something; a write failure means the request must not proceed.
public struct AuditFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed and what to check.
    public let detail: String

    /// Creates a failure.
    public init(_ detail: String) { self.detail = detail }

    public var description: String { detail }

    /// The 503 answered when the `decided` record cannot be written: nothing was done. The caller learns the
    /// kind of failure, not the database's path (that goes to the operators' log).
    public var problem: GatewayProblem {
        let lowered = detail.lowercased()
        let cause = lowered.contains("full") ? "the disk is full" : (lowered.contains("read-only") ? "the database is read-only" : "the database cannot be written")
        return .unavailable("the audit log cannot be written (\(cause)), so nothing was done: the operators must fix the gateway's database; retry later",
                            kind: "audit-unavailable")
    }
}

/// The filters of `GET /v1/audit` and `aurora-gateway audit query`.
public struct AuditFilter: Sendable, Equatable {
    /// Exact request id (`X-Request-Id`).
    public var requestID: String?
    /// Exact actor.
    public var actor: String?
    /// Operation id or glob (`job.*`).
    public var action: String?
    /// `cluster/role/env/name`, each part exact or `*`.
    public var job: String?
    /// Records at or after this time.
    public var since: Date?
    /// Records before this time.
    public var until: Date?
    /// Only records with `seq` below this (the cursor of the previous page).
    public var before: Int64?
    /// At most this many records (1…1000).
    public var limit: Int
    /// Oldest first instead of newest first (export).
    public var ascending: Bool

    /// Creates a filter.
    public init(requestID: String? = nil, actor: String? = nil, action: String? = nil, job: String? = nil, since: Date? = nil, until: Date? = nil,
                before: Int64? = nil, limit: Int = 100, ascending: Bool = false) {
        self.requestID = requestID
        self.actor = actor
        self.action = action
        self.job = job
        self.since = since
        self.until = until
        self.before = before
        self.limit = limit
        self.ascending = ascending
    }
}

/// One page of records and the cursor of the next, if there is one.
public struct AuditPage: Sendable {
    /// The records.
    public let records: [AuditRecord]
    /// Pass as `before` (`cursor`) for the next page.
    public let nextCursor: Int64?

    /// Creates a page.
    public init(records: [AuditRecord], nextCursor: Int64?) {
        self.records = records
        self.nextCursor = nextCursor
    }
}

/// The outcome of `verify`.
public struct AuditVerification: Sendable, Equatable {
    /// How many records were checked.
    public let records: Int
    /// The first record that breaks the chain, and how; nil when intact.
    public let firstProblem: String?

    /// Creates an outcome.
    public init(records: Int, firstProblem: String?) {
        self.records = records
        self.firstProblem = firstProblem
    }
}
