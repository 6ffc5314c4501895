public import Foundation

/// One row of the append-only audit log: who, through which token and rule, did what to which job, and what
/// the scheduler answered. Never holds a secret. `seq`, `prevHash` and `hash` are assigned by the log.
public struct AuditRecord: Sendable, Equatable {
    /// Position in the chain (1, 2, …), assigned on append.
    public var seq: Int64 = 0
    /// The request id (`X-Request-Id`); a request's `decided` and `completed` records share it.
    public var id: String
    /// UTC with microseconds, as stored (`2026-11-30T10:00:00.123456Z`).
    public var time: String
    /// `decided`, `completed` or `checkpoint`.
    public var phase: AuditPhase
    /// The login, `service:<name>`, `github:<login>`, or `anonymous`.
    public var actor: String
    /// The token's public id, never its secret.
    public var tokenID: String?
    /// `token`, `webhook`, `cli` or `none`.
    public var authKind: String
    /// The caller's address.
    public var sourceIP: String?
    /// The caller's `User-Agent`.
    public var userAgent: String?
    /// HTTP method and path (`POST /v1/tokens`), without the query string.
    public var request: String?
    /// The groups consulted (lowercased).
    public var groups: [String]
    /// The rule that decided (`policy[2]`, `admin_groups`, `token-scope`, …).
    public var rule: String?
    /// `allow` or `deny`.
    public var decision: String
    /// Why, in one sentence.
    public var reason: String?
    /// The operation id, or `authenticate` for requests refused before one was known.
    public var action: String
    /// Target cluster, role, environment and job, where the operation has them.
    public var cluster: String?
    public var role: String?
    public var env: String?
    public var job: String?
    /// Instances named by the request.
    public var instances: [Int]?
    /// SHA-256 of the request's canonical form (method, path, sorted query, canonical JSON body).
    public var requestDigest: String?
    /// For writes: the request body with secrets removed.
    public var requestBody: String?
    /// The scheduler RPC made (`killTasks`).
    public var upstreamRPC: String?
    /// The principal the gateway used towards the scheduler.
    public var upstreamPrincipal: String?
    /// Aurora's `responseCode` (`OK`, `INVALID_REQUEST`, …).
    public var responseCode: String?
    /// Aurora's details messages, or a checkpoint's anchor.
    public var responseDetails: String?
    /// The HTTP status answered.
    public var httpStatus: Int?
    /// The error answered, if any.
    public var error: String?
    /// Microseconds from the start of the request to this record.
    public var durationMicros: Int64?
    /// The previous record's hash (64 zeros before the first).
    public var prevHash: String = ""
    /// SHA-256 over `prevHash` and this record's canonical form.
    public var hash: String = ""

    /// Creates a record; unset fields stay nil.
    public init(id: String, time: Date = Date(), phase: AuditPhase, actor: String, authKind: String, action: String,
                decision: String) {
        self.id = id
        self.time = AuditTime.format(time)
        self.phase = phase
        self.actor = actor
        self.authKind = authKind
        self.groups = []
        self.action = action
        self.decision = decision
    }
}

/// The phases of a request's records.
public enum AuditPhase: String, Sendable, Codable, Equatable {
    /// Written (durably) before the scheduler is called, or for a refusal.
    case decided
    /// Written after the operation, with its outcome.
    case completed
    /// Written by pruning: anchors the chain after old records were removed.
    case checkpoint
}

/// Audit timestamps: UTC, microseconds, fixed width, so text order is time order.
public enum AuditTime {
    /// `2026-11-30T10:00:00.123456Z`.
    public static func format(_ date: Date) -> String { RFC3339.format(date, microseconds: true) }

    /// Parses RFC 3339 (with or without fractional seconds).
    public static func parse(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
