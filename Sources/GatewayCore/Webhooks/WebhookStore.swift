public import Foundation

/// A GitHub delivery as received: queued durably before the 202, done by the worker.
public struct WebhookDelivery: Sendable, Equatable {
    /// `X-GitHub-Delivery` (a GUID; redeliveries reuse it).
    public var id: String
    /// The configured repository it was verified for.
    public var repository: String
    /// `X-GitHub-Event`.
    public var event: String
    /// When it arrived.
    public var receivedAt: Date
    /// The raw body (already verified).
    public var body: [UInt8]

    /// Creates a delivery.
    public init(id: String, repository: String, event: String, receivedAt: Date, body: [UInt8]) {
        self.id = id
        self.repository = repository
        self.event = event
        self.receivedAt = receivedAt
        self.body = body
    }
}

/// One builder job for one (repository, pull request, check, head SHA): what the gateway launched and what GitHub
/// was last told. The key makes every action idempotent, since redeliveries reuse their delivery id.
public struct PullRequestBuild: Sendable, Equatable {
    /// Where the build stands.
    public enum State: String, Sendable {
        /// Untrusted author: waiting for the trust label.
        case waiting
        /// Created on the scheduler; the reconcile loop follows it.
        case launched
        /// A newer head SHA replaced it (its job was killed).
        case superseded
        /// Killed because the pull request closed.
        case closed
        /// Every task finished.
        case succeeded
        /// A task failed, was lost or killed by someone else.
        case failed
        /// It could not be launched (the reason is in `note`).
        case error

        /// States shown on the commit as a status (a superseded or closed build's commit is no longer watched).
        public static let reported: [State] = [.waiting, .launched, .succeeded, .failed, .error]
    }

    public var repository: String
    public var number: Int
    public var check: String
    public var headSHA: String
    public var headRef: String
    public var baseRef: String
    public var author: String
    /// `cluster/role/env/name` of the job.
    public var jobKey: String
    public var state: State
    /// The last commit status posted (`pending`, `success`, `failure`, `error`), nil before any.
    public var statusPosted: String?
    /// The delivery that last acted on it.
    public var deliveryID: String?
    /// A human explanation of the state.
    public var note: String?
    public var updatedAt: Date

    /// Moves the build to `state` with `note`; the status its new state calls for is then due on GitHub again.
    public mutating func move(to state: State, note: String?, at now: Date = Date()) {
        self.state = state
        self.note = note
        statusPosted = nil
        updatedAt = now
    }

    /// Creates a build row.
    public init(repository: String, number: Int, check: String, headSHA: String, headRef: String, baseRef: String, author: String,
                jobKey: String, state: State, statusPosted: String? = nil, deliveryID: String? = nil, note: String? = nil, updatedAt: Date = Date()) {
        self.repository = repository
        self.number = number
        self.check = check
        self.headSHA = headSHA
        self.headRef = headRef
        self.baseRef = baseRef
        self.author = author
        self.jobKey = jobKey
        self.state = state
        self.statusPosted = statusPosted
        self.deliveryID = deliveryID
        self.note = note
        self.updatedAt = updatedAt
    }
}

/// The webhook queue and the builds' state, durable across restarts.
public protocol WebhookStore: Sendable {
    /// Queues a delivery; false when one with the same id arrived within the dedupe window (72 h).
    func enqueue(_ delivery: WebhookDelivery) async throws -> Bool
    /// Queued deliveries, oldest first.
    func queued(limit: Int) async throws -> [WebhookDelivery]
    /// Marks a delivery done (or failed, with why).
    func finish(_ id: String, failed: String?) async throws
    /// The build for this key, if any.
    func build(repository: String, number: Int, check: String, headSHA: String) async throws -> PullRequestBuild?
    /// Builds of a pull request (every check and SHA), newest first.
    func builds(repository: String, number: Int) async throws -> [PullRequestBuild]
    /// A repository's builds in a state, oldest first.
    func builds(in state: PullRequestBuild.State, repository: String) async throws -> [PullRequestBuild]
    /// A repository's builds changed since `since` whose state calls for a commit status not yet posted, oldest first.
    func unposted(repository: String, since: Date) async throws -> [PullRequestBuild]
    /// Inserts or replaces the row for the build's key.
    func save(_ build: PullRequestBuild) async throws
}
