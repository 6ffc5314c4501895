public import AuroraThrift

/// What came back from one scheduler call, with what the audit log needs to know about it.
public struct SchedulerReply: Sendable {
    /// The scheduler's `Response`.
    public let response: Response
    /// The API URL that finally answered (the leader).
    public let answeredBy: String
    /// How many HTTP exchanges it took (retries and redirects included).
    public let exchanges: Int
    /// The principal the scheduler saw, without realm (nil for UNAUTHENTICATED clusters).
    public let upstreamPrincipal: String?

    /// Creates a reply (for test doubles).
    public init(response: Response, answeredBy: String, exchanges: Int = 1, upstreamPrincipal: String? = nil) {
        self.response = response
        self.answeredBy = answeredBy
        self.exchanges = exchanges
        self.upstreamPrincipal = upstreamPrincipal
    }
}

/// Calls one Aurora cluster's scheduler API.
public protocol SchedulerClient: Sendable {
    /// The cluster this client talks to.
    var cluster: ClusterConfig { get }
    /// Sends one RPC and returns the scheduler's Response (any responseCode); throws `SchedulerError`
    /// when no Response could be obtained.
    func call<C: AuroraCall>(_ call: C) async throws(SchedulerError) -> SchedulerReply
    /// A cheap call that exercises the whole path, authentication included (`check`, readiness).
    func probe() async throws(SchedulerError) -> SchedulerReply
}

extension SchedulerClient {
    /// `getRoleSummary`, for clients that authenticate every call the same way.
    public func probe() async throws(SchedulerError) -> SchedulerReply {
        try await call(GetRoleSummaryArgs())
    }
}
