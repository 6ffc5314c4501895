/// Builds the records of a request from what the pipeline knows.
public enum AuditRecords {
    /// The `decided` record: who, which token and groups, which rule, what, on which target.
    public static func decided(_ operation: Operation, target: PolicyTarget, caller: Caller?, request: RequestInfo,
                               decision: AccessDecision) -> AuditRecord {
        var record = AuditRecord(id: request.requestID, phase: .decided, actor: caller?.actor ?? "anonymous",
                                 authKind: caller == nil ? "none" : caller?.onBehalfOf != nil ? "webhook" : "token", action: operation.id,
                                 decision: decision.allowed ? "allow" : "deny")
        record.tokenID = caller?.token.id
        record.sourceIP = request.sourceIP
        record.userAgent = request.userAgent
        record.request = "\(request.method) \(request.path)"
        record.groups = caller?.membership.groups ?? []
        record.rule = decision.rule
        record.reason = decision.reason
        record.cluster = target.cluster
        record.role = target.role
        record.env = target.environment
        record.job = target.job
        record.requestDigest = RequestDigest.digest(method: request.method, path: request.path, query: request.query, body: request.body)
        if !request.isRead { record.requestBody = RequestDigest.redactedBody(request.body) }
        record.durationMicros = request.elapsedMicros
        return record
    }

    /// The `completed` record: the decided one's identity with the outcome.
    public static func completed(_ decided: AuditRecord, request: RequestInfo, notes: AuditNotes.Upstream, status: Int,
                                 error: String?) -> AuditRecord {
        var record = AuditRecord(id: decided.id, phase: .completed, actor: decided.actor, authKind: decided.authKind,
                                 action: decided.action, decision: decided.decision)
        record.tokenID = decided.tokenID
        record.groups = decided.groups
        record.sourceIP = decided.sourceIP
        record.request = decided.request
        record.rule = decided.rule
        record.cluster = decided.cluster
        record.role = decided.role
        record.env = decided.env
        record.job = decided.job
        record.instances = notes.instances
        record.requestDigest = decided.requestDigest
        record.upstreamRPC = notes.rpc
        record.upstreamPrincipal = notes.principal
        record.responseCode = notes.responseCode
        record.responseDetails = notes.details
        record.httpStatus = status
        record.error = error
        record.durationMicros = request.elapsedMicros
        return record
    }

    /// A request refused before any operation was known (401): recorded with what little is known.
    public static func unauthenticated(_ request: RequestInfo, problem: GatewayProblem) -> AuditRecord {
        var record = AuditRecord(id: request.requestID, phase: .decided, actor: "anonymous", authKind: "none",
                                 action: "authenticate", decision: "deny")
        record.sourceIP = request.sourceIP
        record.userAgent = request.userAgent
        record.request = "\(request.method) \(request.path)"
        record.rule = problem.kind
        record.reason = problem.detail
        record.httpStatus = problem.status
        record.requestDigest = RequestDigest.digest(method: request.method, path: request.path, query: [], body: [])
        record.durationMicros = request.elapsedMicros
        return record
    }
}
