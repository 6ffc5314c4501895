import AuroraThrift
import Foundation
import GatewayCore
import Logging
import SchedulerClient

/// The catalogue operations a webhook sets off, run through the REST handlers in process (so through the same gate:
/// policy as the `act_as` service account, `decided` and `completed` audit records, then the scheduler).
struct WebhookOperations: Sendable {
    let dispatcher: InProcessDispatcher
    let authenticator: Authenticator
    let logger: Logger

    /// The caller of a launch: the `act_as` account's rights and groups, `github:<login>` as the audit actor, and a
    /// scope of only what webhooks do (create and kill jobs where the repository's checks run).
    func caller(_ repository: GitHubRepository, login: String) async throws -> Caller {
        let scope = TokenScope(actions: ["job.create", "job.kill"], on: repository.checks.map { "\($0.cluster)/\($0.role)/\($0.env)/*" })
        let record = TokenRecord(id: "github:\(repository.repository)", name: "webhook", owner: repository.actAs, kind: .service,
                                 scopes: [scope], createdAt: .distantPast, expiresAt: .distantFuture)
        let membership = try await authenticator.membership(of: record)
        var caller = Caller(token: record, membership: membership, sourceIP: nil)
        caller.onBehalfOf = "github:\(login.isEmpty ? "unknown" : login)"
        return caller
    }

    /// `job.create` with the rendered spec; the status and the problem's detail (empty on success).
    func create(_ key: String, spec: [UInt8], caller: Caller, requestID: String) async -> (Int, String) {
        await run("POST", "/v1/clusters/\(Self.path(key))", body: spec, caller: caller, requestID: requestID)
    }

    /// `job.kill` (all instances).
    func kill(_ key: String, caller: Caller, requestID: String) async -> (Int, String) {
        await run("DELETE", "/v1/clusters/\(Self.path(key))", body: [], caller: caller, requestID: requestID)
    }

    private func run(_ method: String, _ target: String, body: [UInt8], caller: Caller, requestID: String) async -> (Int, String) {
        let scope = RequestScope(requestID: requestID, caller: caller, sourceIP: nil, userAgent: "GitHub webhook (aurora-gateway worker)")
        let (status, answer) = await RequestScope.$current.withValue(scope) {
            await dispatcher.dispatch(method: method, target: target, body: body, context: GatewayRequestContext(inProcess: logger), requestID: requestID)
        }
        guard !(200..<300).contains(status) else { return (status, "") }
        let detail = ((try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any])?["detail"] as? String ?? "no detail"
        return (status, detail)
    }

    /// `cluster/role/env/name` → `cluster/jobs/role/env/name` (contract §3's path).
    static func path(_ key: String) -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return key }
        return "\(parts[0])/jobs/\(parts[1])/\(parts[2])/\(parts[3])"
    }
}

/// Reads of a builder job's tasks for the gateway's own bookkeeping (the reconcile loop, waiting for a kill):
/// straight to the scheduler client, not audited, since no caller asked for them.
struct BuildTasks: Sendable {
    let clusters: ClusterRegistry
    let configs: [ClusterConfig]

    /// The states of the job's tasks (empty when it has none).
    func states(_ key: String) async throws -> [ScheduleStatus] {
        let parts = key.split(separator: "/").map(String.init)
        guard parts.count == 4 else { return [] }
        let client = try clusters.client(for: parts[0])
        let reply = try await client.call(GetTasksWithoutConfigsArgs(query: TaskQuery(role: parts[1], environment: parts[2], jobName: parts[3])))
        guard case .scheduleStatusResult(let result)? = reply.response.result else { return [] }
        return (result.tasks ?? []).compactMap(\.status)
    }

    /// The scheduler's page of the job (the status's `target_url`).
    func page(_ key: String) -> String? {
        let parts = key.split(separator: "/").map(String.init)
        guard parts.count == 4, let cluster = configs.first(where: { $0.name == parts[0] }) else { return nil }
        return JobViews(cluster: cluster).url(JobKey(role: parts[1], environment: parts[2], name: parts[3]))
    }
}
