public import GatewayCore
import Synchronization

/// What the request turned out to be, filled in as it is served (the operation id, for metrics and the access log).
public final class RequestObservation: Sendable {
    private let state = Mutex<(operation: String?, actor: String?)>((nil, nil))

    /// An empty observation.
    public init() {}

    /// The catalogue operation the request ran, if any.
    public var operation: String? { state.withLock { $0.operation } }

    /// Who called (the audit actor), if authenticated.
    public var actor: String? { state.withLock { $0.actor } }

    /// Notes the operation id.
    public func noteOperation(_ id: String) { state.withLock { $0.operation = $0.operation ?? id } }

    /// Notes the caller.
    public func noteActor(_ actor: String) { state.withLock { $0.actor = actor } }
}

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
    /// Filled in while serving: the operation id and actor, for metrics and the access log.
    public var observation: RequestObservation?

    /// The request being served by the current task.
    @TaskLocal public static var current: RequestScope?

    /// The authenticated caller of the current request; a 401 when there is none (a route that forgot authentication fails closed).
    public static func requireCaller() throws(GatewayProblem) -> Caller {
        guard let caller = current?.caller else { throw AuthenticationFailure.missing.problem }
        return caller
    }
}
