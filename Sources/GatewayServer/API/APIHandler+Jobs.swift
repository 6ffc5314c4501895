import AuroraThrift
import GatewayAPI
import GatewayCore

extension APIHandler {
    func job_get(_ input: Operations.Job_get.Input) async throws -> Operations.Job_get.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        guard let summary = try await findJob(path.cluster, key) else {
            throw GatewayProblem.notFound("no job \(path.cluster)/\(key) on the scheduler: list the role's jobs with GET /v1/clusters/\(path.cluster)/roles/\(path.role)/jobs")
        }
        let configs = try await scheduler.call(path.cluster, GetConfigSummaryArgs(job: key), subject: "job \(key)")
        var groups: [ConfigGroup] = []
        if case .configSummaryResult(let result)? = configs.result { groups = result.summary?.groups ?? [] }
        if groups.isEmpty, let task = summary.job?.taskConfig, let count = summary.job?.instanceCount, count > 0 {
            groups = [ConfigGroup(config: task, instances: [AuroraThrift.Range(first: 0, last: count - 1)])]
        }
        return .ok(.init(body: .json(.init(value1: try views(path.cluster).job(summary), value2: .init(configs: ThriftViews.configGroups(groups))))))
    }

    func job_kill(_ input: Operations.Job_kill.Input) async throws -> Operations.Job_kill.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let message = try Self.message(input.query.message)
        let killed = try await scheduler.call(path.cluster, KillTasksArgs(job: key, instances: nil, message: message), subject: "job \(key)")
        let descheduled = try await scheduler.call(path.cluster, DescheduleCronJobArgs(job: key), subject: "job \(key)")
        var ack = AckView.make(killed)
        // Every kill also deschedules, in case the job is a cron one; for a job that is not, Aurora's "not scheduled
        // with cron" is no news to the caller.
        ack.messages += AckView.make(descheduled).messages.filter { !$0.contains("is not scheduled with cron") }
        return .ok(.init(body: .json(ack)))
    }

    func job_killInstances(_ input: Operations.Job_killInstances.Input) async throws -> Operations.Job_killInstances.Output {
        let path = input.path
        guard case .json(let body) = input.body else { throw GatewayProblem.badRequest("send {\"instances\": [0, 1]}") }
        let instances = try Self.instances(body.instances, field: "instances")
        AuditNotes.current?.instances(instances)
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let message = try Self.message(body.message)
        let response = try await scheduler.call(path.cluster, KillTasksArgs(job: key, instances: instances.map(Int32.init), message: message),
                                                subject: "job \(key)")
        return .ok(.init(body: .json(AckView.make(response))))
    }

    func job_restart(_ input: Operations.Job_restart.Input) async throws -> Operations.Job_restart.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        var instances: [Int] = []
        if case .json(let body)? = input.body, let requested = body.instances {
            instances = try Self.instances(requested, field: "instances")
        }
        if instances.isEmpty { instances = try await activeInstances(path.cluster, key) }
        guard !instances.isEmpty else { throw GatewayProblem.notFound("job \(path.cluster)/\(key) has no active instances to restart") }
        AuditNotes.current?.instances(instances)
        let response = try await scheduler.call(path.cluster, RestartShardsArgs(job: key, shardIds: instances.map(Int32.init)), subject: "job \(key)")
        return .ok(.init(body: .json(AckView.make(response))))
    }

    func job_addInstances(_ input: Operations.Job_addInstances.Input) async throws -> Operations.Job_addInstances.Output {
        let path = input.path
        guard case .json(let body) = input.body else { throw GatewayProblem.badRequest("send {\"count\": N, \"from_instance\": I}") }
        guard (1...10_000).contains(body.count) else { throw GatewayProblem.badRequest("count is \(body.count): add 1…10000 instances") }
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        var from = body.fromInstance
        if from == nil { from = try await activeInstances(path.cluster, key).first }
        guard let template = from, template >= 0 else {
            throw GatewayProblem.notFound("job \(path.cluster)/\(key) has no active instance to copy: name from_instance, or create the job first")
        }
        let response = try await scheduler.call(path.cluster, AddInstancesArgs(key: InstanceKey(jobKey: key, instanceId: Int32(clamping: template)),
                                                                              count: Int32(body.count)), subject: "job \(key)")
        return .ok(.init(body: .json(AckView.make(response))))
    }

    func tasks_list(_ input: Operations.Tasks_list.Input) async throws -> Operations.Tasks_list.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let statuses = try Self.statuses(input.query.status ?? "active")
        let query = TaskQuery(statuses: statuses, jobKeys: [key])
        let response = try await scheduler.call(path.cluster, GetTasksWithoutConfigsArgs(query: query), subject: "job \(key)")
        var tasks: [ScheduledTask] = []
        if case .scheduleStatusResult(let result)? = response.result { tasks = result.tasks ?? [] }
        let views = tasks.map(ThriftViews.task).sorted { ($0.instance, $0.taskId) < ($1.instance, $1.taskId) }
        return .ok(.init(body: .json(.init(tasks: views))))
    }

    func tasks_pendingReasons(_ input: Operations.Tasks_pendingReasons.Input) async throws -> Operations.Tasks_pendingReasons.Output {
        let path = input.path
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let response = try await scheduler.call(path.cluster, GetPendingReasonArgs(query: TaskQuery(jobKeys: [key])), subject: "job \(key)")
        var reasons: [PendingReason] = []
        if case .getPendingReasonResult(let result)? = response.result { reasons = result.reasons ?? [] }
        return .ok(.init(body: .json(.init(reasons: reasons.map { .init(taskId: $0.taskId ?? "", reason: $0.reason ?? "") }
            .sorted { $0.taskId < $1.taskId }))))
    }

    /// The job's active instance ids, ascending.
    func activeInstances(_ cluster: String, _ key: JobKey) async throws(GatewayProblem) -> [Int] {
        let query = TaskQuery(statuses: Array(AuroraConstants.activeStates), jobKeys: [key])
        let response = try await scheduler.call(cluster, GetTasksWithoutConfigsArgs(query: query), subject: "job \(key)")
        guard case .scheduleStatusResult(let result)? = response.result else { return [] }
        return Array(Set((result.tasks ?? []).compactMap { $0.assignedTask?.instanceId.map(Int.init) })).sorted()
    }

    /// Instance ids from a request: non-empty, non-negative, deduplicated.
    static func instances(_ list: [Int], field: String) throws(GatewayProblem) -> [Int] {
        guard !list.isEmpty else { throw .badRequest("\(field) must name at least one instance") }
        guard list.allSatisfy({ (0...100_000).contains($0) }) else { throw .badRequest("\(field) must be instance ids 0…100000") }
        return Array(Set(list)).sorted()
    }

    /// `active`, `terminal`, `all`, or comma-separated status names.
    static func statuses(_ text: String) throws(GatewayProblem) -> [ScheduleStatus]? {
        switch text.lowercased() {
        case "active": return Array(AuroraConstants.activeStates)
        case "terminal": return Array(AuroraConstants.terminalStates)
        case "all": return nil
        default:
            var out: [ScheduleStatus] = []
            for name in text.split(separator: ",") {
                guard let status = ScheduleStatus(name: name.uppercased().trimmingCharacters(in: .whitespaces)) else {
                    throw .badRequest("status \"\(name)\" is not active, terminal, all or a task status such as RUNNING, PENDING, FAILED")
                }
                out.append(status)
            }
            return out
        }
    }
}
