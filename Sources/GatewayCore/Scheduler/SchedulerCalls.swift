public import AuroraThrift
public import SchedulerClient

/// The operations' way to the schedulers: picks the cluster's client, notes the call and its answer for the audit
/// log, and turns everything but `OK` into a problem that says what happened and what to do.
public struct SchedulerCalls: Sendable {
    /// The configured clusters.
    public let clusters: ClusterRegistry

    /// Told about every call: cluster, RPC, Aurora's responseCode (`TRANSPORT_ERROR` without an answer), duration.
    public let observe: (@Sendable (String, String, String, Duration) -> Void)?

    /// Creates the gateway to the schedulers.
    public init(clusters: ClusterRegistry, observe: (@Sendable (String, String, String, Duration) -> Void)? = nil) {
        self.clusters = clusters
        self.observe = observe
    }

    /// The client of a configured cluster; 404 naming the configured ones otherwise.
    public func client(_ cluster: String) throws(GatewayProblem) -> any SchedulerClient {
        do { return try clusters.client(for: cluster) } catch {
            throw .notFound("\(error.description): see GET /v1/clusters")
        }
    }

    /// Makes the call and answers the `Response` when the scheduler said `OK` (or `WARNING`).
    public func call<C: AuroraCall>(_ cluster: String, _ call: C, subject: String) async throws(GatewayProblem) -> Response {
        let client = try client(cluster)
        let reply: SchedulerReply
        let started = ContinuousClock.now
        do { reply = try await client.call(call) } catch {
            observe?(cluster, C.methodName, "TRANSPORT_ERROR", ContinuousClock.now - started)
            AuditNotes.current?.scheduler(rpc: C.methodName, principal: nil, responseCode: nil, details: error.description)
            throw SchedulerProblems.problem(for: error, rpc: C.methodName)
        }
        let response = reply.response
        let code = response.responseCode ?? .error
        observe?(cluster, C.methodName, code.description, ContinuousClock.now - started)
        AuditNotes.current?.scheduler(rpc: C.methodName, principal: reply.upstreamPrincipal, responseCode: code.description,
                                      details: response.message.isEmpty ? nil : response.message)
        if code == .ok || code == .warning { return response }
        throw SchedulerProblems.problem(for: response, rpc: C.methodName, cluster: cluster, subject: subject,
                                        principal: reply.upstreamPrincipal)
    }
}
