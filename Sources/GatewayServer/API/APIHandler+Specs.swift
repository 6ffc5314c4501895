import AuroraThrift
import Foundation
import GatewayAPI
import GatewayCore

extension APIHandler {
    /// The validated spec of the current request (validated by `OperationGate` before decoding).
    func spec() throws(GatewayProblem) -> JobSpec {
        guard let spec = SpecValidation.current else { throw .badRequest("send a job spec as application/json") }
        return spec
    }

    /// The job configuration the spec describes; `owner.user` is the role, so an unchanged spec never looks changed.
    func configuration(_ spec: JobSpec, cluster: String, role: String, env: String, name: String) -> JobConfiguration {
        JobSpecTranslator.jobConfiguration(spec, cluster: cluster, key: JobKey(role: role, environment: env, name: name), owner: role)
    }

    func job_create(_ input: Operations.Job_create.Input) async throws -> Operations.Job_create.Output {
        let path = input.path, spec = try spec()
        let config = configuration(spec, cluster: path.cluster, role: path.role, env: path.env, name: path.name)
        let key = config.key ?? JobKey()
        let response: Response
        if spec.cron != nil {
            // scheduleCronJob silently replaces an existing template: creation must not.
            if try await jobExists(path.cluster, key) {
                throw GatewayProblem(status: 409, kind: "conflict", title: "Conflict",
                                     detail: "job \(path.cluster)/\(key) already exists: replace its cron template with PUT …/cron, or kill it first")
            }
            response = try await scheduler.call(path.cluster, ScheduleCronJobArgs(description: config), subject: "job \(key)")
        } else {
            response = try await scheduler.call(path.cluster, CreateJobArgs(description: config), subject: "job \(key)")
        }
        return .created(.init(body: .json(try created(path.cluster, key, cron: spec.cron != nil, response: response))))
    }

    func cron_schedule(_ input: Operations.Cron_schedule.Input) async throws -> Operations.Cron_schedule.Output {
        let path = input.path, spec = try spec()
        guard spec.cron != nil else {
            throw GatewayProblem.badRequest("the job spec has 1 problem: /cron: is required for cron.schedule, e.g. {\"schedule\": \"*/30 * * * *\"}",
                                            kind: "invalid-job-spec")
        }
        let config = configuration(spec, cluster: path.cluster, role: path.role, env: path.env, name: path.name)
        let key = config.key ?? JobKey()
        let response = try await scheduler.call(path.cluster, ScheduleCronJobArgs(description: config), subject: "job \(key)")
        return .ok(.init(body: .json(try created(path.cluster, key, cron: true, response: response))))
    }

    func cron_deschedule(_ input: Operations.Cron_deschedule.Input) async throws -> Operations.Cron_deschedule.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let response = try await scheduler.call(path.cluster, DescheduleCronJobArgs(job: key), subject: "job \(key)")
        return .ok(.init(body: .json(AckView.make(response))))
    }

    func cron_run(_ input: Operations.Cron_run.Input) async throws -> Operations.Cron_run.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let response = try await scheduler.call(path.cluster, StartCronJobArgs(job: key), subject: "job \(key)")
        return .ok(.init(body: .json(AckView.make(response))))
    }

    func job_inspect(_ input: Operations.Job_inspect.Input) async throws -> Operations.Job_inspect.Output {
        let path = input.path, spec = try spec()
        var config = configuration(spec, cluster: path.cluster, role: path.role, env: path.env, name: path.name)
        let key = config.key ?? JobKey()
        let response = try await scheduler.call(path.cluster, PopulateJobConfigArgs(description: config), subject: "job \(key)")
        if case .populateJobResult(let result)? = response.result, let populated = result.taskConfig { config.taskConfig = populated }
        let data = config.taskConfig?.executorConfig?.data ?? "{}"
        let parsed = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
        let executor = parsed.mapValues(ThriftJSON.sendable)
        return .ok(.init(body: .json(.init(jobConfiguration: try .init(unvalidatedValue: ThriftJSON.jobConfiguration(config)),
                                           executorData: try .init(unvalidatedValue: executor)))))
    }

    func job_diff(_ input: Operations.Job_diff.Input) async throws -> Operations.Job_diff.Output {
        let path = input.path, spec = try spec()
        let config = configuration(spec, cluster: path.cluster, role: path.role, env: path.env, name: path.name)
        let key = config.key ?? JobKey()
        let request = JobUpdateRequest(taskConfig: config.taskConfig, instanceCount: config.instanceCount, settings: UpdateSettingsView.thrift(nil))
        let response = try await scheduler.call(path.cluster, GetJobUpdateDiffArgs(request: request), subject: "job \(key)")
        var diff = GetJobUpdateDiffResult()
        if case .getJobUpdateDiffResult(let result)? = response.result { diff = result }
        return .ok(.init(body: .json(.init(add: ThriftViews.configGroups(diff.add), remove: ThriftViews.configGroups(diff.remove),
                                           update: ThriftViews.configGroups(diff.update), unchanged: ThriftViews.configGroups(diff.unchanged)))))
    }

    func update_start(_ input: Operations.Update_start.Input) async throws -> Operations.Update_start.Output {
        let path = input.path, spec = try spec()
        guard case .json(let body) = input.body else { throw GatewayProblem.badRequest("send {\"spec\": {...}, \"settings\": {...}, \"message\": \"...\"}") }
        let config = configuration(spec, cluster: path.cluster, role: path.role, env: path.env, name: path.name)
        let key = config.key ?? JobKey()
        let request = JobUpdateRequest(taskConfig: config.taskConfig, instanceCount: config.instanceCount,
                                       settings: UpdateSettingsView.thrift(body.settings),
                                       metadata: [Metadata(key: "org.apache.aurora.client.update_id", value: UUID().uuidString.lowercased())])
        let response = try await scheduler.call(path.cluster, StartJobUpdateArgs(request: request, message: try Self.message(body.message)),
                                                subject: "job \(key)")
        guard case .startJobUpdateResult(let result)? = response.result, let id = result.key?.id else {
            return .ok(.init(body: .json(AckView.make(response))))
        }
        let views = try views(path.cluster)
        return .created(.init(body: .json(.init(updateId: id, cluster: path.cluster, role: path.role, env: path.env, name: path.name,
                                                url: "\(views.url(key))/update/\(id)", messages: (response.details ?? []).compactMap(\.message)))))
    }

    /// Whether the scheduler knows the job (active tasks or a cron template).
    func jobExists(_ cluster: String, _ key: JobKey) async throws(GatewayProblem) -> Bool {
        try await findJob(cluster, key) != nil
    }

    func created(_ cluster: String, _ key: JobKey, cron: Bool, response: Response) throws(GatewayProblem) -> Components.Schemas.JobCreated {
        .init(cluster: cluster, role: key.role ?? "", env: key.environment ?? "", name: key.name ?? "", url: try views(cluster).url(key),
              cron: cron, messages: (response.details ?? []).compactMap(\.message))
    }
}
