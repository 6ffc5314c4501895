import AuroraThrift
import GatewayAPI
import GatewayCore

extension APIHandler {
    func updates_list(_ input: Operations.Updates_list.Input) async throws -> Operations.Updates_list.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let limit = input.query.limit ?? 100
        guard (1...1000).contains(limit) else { throw GatewayProblem.badRequest("limit is \(limit): ask for 1…1000 updates") }
        let statuses = try Self.updateStatuses(input.query.status ?? "all")
        let query = JobUpdateQuery(jobKey: key, updateStatuses: statuses, limit: Int32(limit))
        let response = try await scheduler.call(path.cluster, GetJobUpdateSummariesArgs(jobUpdateQuery: query), subject: "job \(key)")
        var summaries: [JobUpdateSummary] = []
        if case .getJobUpdateSummariesResult(let result)? = response.result { summaries = result.updateSummaries ?? [] }
        let views = try views(path.cluster)
        let updates = summaries.map(views.updateSummary).sorted { $0.createdAt > $1.createdAt }
        return .ok(.init(body: .json(.init(updates: updates))))
    }

    func update_get(_ input: Operations.Update_get.Input) async throws -> Operations.Update_get.Output {
        let path = input.path
        let key = JobUpdateKey(job: JobKey(role: path.role, environment: path.env, name: path.name), id: path.id)
        let response = try await scheduler.call(path.cluster, GetJobUpdateDetailsArgs(query: JobUpdateQuery(key: key)),
                                                subject: "update \(path.id) of job \(key.job ?? JobKey())")
        var details: JobUpdateDetails?
        if case .getJobUpdateDetailsResult(let result)? = response.result { details = result.detailsList?.first ?? result.details }
        guard let details else {
            throw GatewayProblem.notFound("no update \(path.id) of job \(path.cluster)/\(key.job ?? JobKey()): list them with GET …/updates")
        }
        return .ok(.init(body: .json(try views(path.cluster).updateDetail(details))))
    }

    func update_pause(_ input: Operations.Update_pause.Input) async throws -> Operations.Update_pause.Output {
        let path = input.path, body = input.body.flatMap { if case .json(let body) = $0 { body } else { nil } }
        return .ok(.init(body: .json(try await updateAction(path.cluster, path.role, path.env, path.name, path.id, body?.message) {
            PauseJobUpdateArgs(key: $0, message: $1)
        })))
    }

    func update_resume(_ input: Operations.Update_resume.Input) async throws -> Operations.Update_resume.Output {
        let path = input.path, body = input.body.flatMap { if case .json(let body) = $0 { body } else { nil } }
        return .ok(.init(body: .json(try await updateAction(path.cluster, path.role, path.env, path.name, path.id, body?.message) {
            ResumeJobUpdateArgs(key: $0, message: $1)
        })))
    }

    func update_abort(_ input: Operations.Update_abort.Input) async throws -> Operations.Update_abort.Output {
        let path = input.path, body = input.body.flatMap { if case .json(let body) = $0 { body } else { nil } }
        return .ok(.init(body: .json(try await updateAction(path.cluster, path.role, path.env, path.name, path.id, body?.message) {
            AbortJobUpdateArgs(key: $0, message: $1)
        })))
    }

    func update_rollback(_ input: Operations.Update_rollback.Input) async throws -> Operations.Update_rollback.Output {
        let path = input.path, body = input.body.flatMap { if case .json(let body) = $0 { body } else { nil } }
        return .ok(.init(body: .json(try await updateAction(path.cluster, path.role, path.env, path.name, path.id, body?.message) {
            RollbackJobUpdateArgs(key: $0, message: $1)
        })))
    }

    /// One update action (pause, resume, abort, rollback): the update's key, a message naming the caller, the RPC.
    func updateAction<C: AuroraCall>(_ cluster: String, _ role: String, _ env: String, _ name: String, _ id: String, _ given: String?,
                                     _ call: (JobUpdateKey, String) -> C) async throws(GatewayProblem) -> Components.Schemas.Ack {
        let key = JobUpdateKey(job: JobKey(role: role, environment: env, name: name), id: id)
        let response = try await scheduler.call(cluster, call(key, try Self.message(given)), subject: "update \(id)")
        return AckView.make(response)
    }

    func update_pulse(_ input: Operations.Update_pulse.Input) async throws -> Operations.Update_pulse.Output {
        let path = input.path
        let key = JobUpdateKey(job: JobKey(role: path.role, environment: path.env, name: path.name), id: path.id)
        let response = try await scheduler.call(path.cluster, PulseJobUpdateArgs(key: key), subject: "update \(path.id)")
        var finished = false
        if case .pulseJobUpdateResult(let result)? = response.result { finished = result.status == .finished }
        return .ok(.init(body: .json(.init(status: finished ? .finished : .ok))))
    }

    /// The message recorded with an update action: the caller's, or one naming the caller.
    static func message(_ given: String?) throws(GatewayProblem) -> String {
        let actor = try RequestScope.requireCaller().actor
        guard let given, !given.isEmpty else { return "through aurora-gateway by \(actor)" }
        guard given.count <= 1000 else { throw .badRequest("message must be at most 1000 characters") }
        return "\(given) (through aurora-gateway by \(actor))"
    }

    /// `active`, `all`, or comma-separated update status names.
    static func updateStatuses(_ text: String) throws(GatewayProblem) -> [JobUpdateStatus]? {
        switch text.lowercased() {
        case "all": return nil
        case "active": return AuroraConstants.activeJobUpdateStates.map { $0 }
        default:
            var out: [JobUpdateStatus] = []
            for name in text.split(separator: ",") {
                guard let status = JobUpdateStatus(name: name.uppercased().trimmingCharacters(in: .whitespaces)) else {
                    throw .badRequest("status \"\(name)\" is not all, active or an update status such as ROLLING_FORWARD, ROLLED_FORWARD")
                }
                out.append(status)
            }
            return out
        }
    }
}
