public import GatewayCore

/// What the gateway knows about the request being served: its id, who called and from where.
/// Set by `GatewayMiddleware` as a task local, read by the operation adapters.
public struct RequestScope: Sendable {
    /// The request id, answered in `X-Request-Id` and used as the audit record's id.
    public let requestID: String
    /// The authenticated caller; nil on public paths.
    public let caller: Caller?
    /// The peer's address.
    public let sourceIP: String?
    /// The `User-Agent` header.
    public let userAgent: String?

    /// The request being served by the current task.
    @TaskLocal public static var current: RequestScope?

    /// The authenticated caller of the current request; a 401 when there is none (a route that forgot authentication fails closed).
    public static func requireCaller() throws(GatewayProblem) -> Caller {
        guard let caller = current?.caller else { throw AuthenticationFailure.missing.problem }
        return caller
    }
}
