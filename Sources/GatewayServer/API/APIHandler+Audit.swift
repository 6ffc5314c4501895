import GatewayAPI
import GatewayCore

extension APIHandler {
    func audit_list(_ input: Operations.Audit_list.Input) async throws -> Operations.Audit_list.Output {
        let caller = try RequestScope.requireCaller()
        let query = input.query
        let admin = authorizer.isAdmin(caller)
        if let actor = query.actor, actor != caller.actor, !admin {
            throw GatewayProblem.forbidden("\(caller.actor) may read only their own audit records; other actors' need a member of admin_groups")
        }
        let limit = query.limit ?? 100
        guard (1...1000).contains(limit) else { throw GatewayProblem.badRequest("limit is \(limit): ask for 1…1000 records") }
        if let job = query.job, job.split(separator: "/", omittingEmptySubsequences: false).count != 4 {
            throw GatewayProblem.badRequest("job \"\(job)\" must be cluster/role/env/name (a part may be *)")
        }
        let filter = AuditFilter(requestID: query.requestId, actor: admin ? query.actor : caller.actor, action: query.action, job: query.job,
                                 since: query.since, until: query.until, before: query.cursor, limit: limit)
        let page: AuditPage
        do { page = try await audit.query(filter) } catch {
            throw GatewayProblem.unavailable("the audit log cannot be read right now: retry shortly; the operators' log and /readyz say why",
                                             kind: "audit-unavailable")
        }
        return .ok(.init(body: .json(.init(records: page.records.map(AuditView.make), nextCursor: page.nextCursor))))
    }
}

/// An audit record as the API shows it.
enum AuditView {
    static func make(_ record: AuditRecord) -> Components.Schemas.AuditEntry {
        .init(seq: record.seq, id: record.id, time: record.time,
              phase: .init(rawValue: record.phase.rawValue) ?? .decided, actor: record.actor, tokenId: record.tokenID,
              authKind: record.authKind, sourceIp: record.sourceIP, userAgent: record.userAgent, request: record.request,
              groups: record.groups, rule: record.rule, decision: record.decision == "allow" ? .allow : .deny,
              reason: record.reason, action: record.action, cluster: record.cluster, role: record.role, env: record.env,
              job: record.job, instances: record.instances, requestDigest: record.requestDigest, requestBody: record.requestBody,
              upstreamRpc: record.upstreamRPC, upstreamPrincipal: record.upstreamPrincipal, responseCode: record.responseCode,
              responseDetails: record.responseDetails, httpStatus: record.httpStatus, error: record.error,
              durationUs: record.durationMicros, prevHash: record.prevHash, hash: record.hash)
    }
}
