public import AuroraThrift

/// The read-only RPCs over tasks and jobs.
extension SchedulerState {
    /// `getTasksStatus`: matching tasks with their full configs, ordered by job, instance and age.
    public func getTasksStatus(query: TaskQuery?) -> Response {
        _ = advance()
        let result = ScheduleStatusResult(tasks: matchingTasks(TaskFilter(query)).map { $0.scheduled() })
        return replies.ok(.scheduleStatusResult(result))
    }

    /// `getTasksWithoutConfigs`: like `getTasksStatus` but without `executorConfig.data`.
    public func getTasksWithoutConfigs(query: TaskQuery?) -> Response {
        _ = advance()
        let result = ScheduleStatusResult(tasks: matchingTasks(TaskFilter(query)).map { $0.scheduled(withoutExecutorData: true) })
        return replies.ok(.scheduleStatusResult(result))
    }

    /// `getPendingReason`: why each matching PENDING task is still waiting.
    public func getPendingReason(query: TaskQuery?) -> Response {
        _ = advance()
        if !(query?.slaveHosts ?? []).isEmpty { return replies.invalidRequest("SlaveHosts are not supported in \(Self.describe(query))") }
        if !(query?.statuses ?? []).isEmpty { return replies.invalidRequest("Statuses is not supported in \(Self.describe(query))") }
        let reasons = matchingTasks(TaskFilter(pendingOnly: query)).map { task in
            PendingReason(
                taskId: task.taskId,
                reason: blockedPending.contains(task.taskId)
                    ? "No agent available: every host is in maintenance"
                    : "Waiting for a resource offer"
            )
        }
        return replies.ok(.getPendingReasonResult(GetPendingReasonResult(reasons: reasons)))
    }

    /// `getConfigSummary`: the job's active instances grouped by identical config.
    public func getConfigSummary(job key: JobKey?) -> Response {
        guard let job = jobID(key) else { return replies.invalidRequest("Job key \(ConfigValidator.javaDescription(key)) is invalid.") }
        _ = advance()
        let groups = configGroups(activeTasks(of: job).mapValues(\.config))
        return replies.ok(.configSummaryResult(ConfigSummaryResult(summary: ConfigSummary(key: job.key, groups: groups))))
    }

    /// `getRoleSummary`: job and cron job counts per role.
    public func getRoleSummary() -> Response {
        _ = advance()
        var jobs: [String: Set<JobID>] = [:]
        var crons: [String: Int] = [:]
        for (job, ids) in jobTasks where !ids.isEmpty { jobs[job.role, default: []].insert(job) }
        for job in cronJobs.keys { crons[job.role, default: 0] += 1 }
        let summaries = Set(jobs.keys).union(crons.keys).sorted().map { role in
            RoleSummary(role: role, jobCount: Int32(jobs[role]?.count ?? 0), cronJobCount: Int32(crons[role] ?? 0))
        }
        return replies.ok(.roleSummaryResult(RoleSummaryResult(summaries: summaries)))
    }

    /// `getJobSummary`: every job of the role (all roles when nil) with task statistics and next cron run.
    public func getJobSummary(role: String?) -> Response {
        _ = advance()
        let summaries = jobConfigurations(role: role, activeOnly: false).map { job, config in
            JobSummary(job: config, stats: stats(of: job), nextCronRunMs: cronJobs[job]?.nextRunAt)
        }
        return replies.ok(.jobSummaryResult(JobSummaryResult(summaries: summaries)))
    }

    /// `getJobs`: cron templates plus jobs synthesized from active tasks.
    public func getJobs(ownerRole: String?) -> Response {
        _ = advance()
        let configs = jobConfigurations(role: ownerRole, activeOnly: true).map(\.1)
        return replies.ok(.getJobsResult(GetJobsResult(configs: configs)))
    }

    /// `populateJobConfig`: the task config the scheduler would store for this job.
    public func populateJobConfig(description: JobConfiguration?) -> Response {
        _ = advance()
        do {
            let (_, populated) = try validator.validate(job: description ?? JobConfiguration())
            return replies.ok(.populateJobResult(PopulateJobResult(taskConfig: populated.taskConfig)))
        } catch {
            return replies.invalidRequest("Invalid configuration: \(error.message)")
        }
    }

    /// `getTierConfigs`: the stock tiers, `preemptible` being the default.
    public func getTierConfigs() -> Response {
        replies.ok(.getTierConfigResult(GetTierConfigResult(defaultTierName: Tier.defaultName, tiers: Tier.all.map(\.thrift))))
    }

    // MARK: - Private

    private func matchingTasks(_ filter: TaskFilter) -> [SimTask] {
        let jobs = filter.jobs.map { Array($0) } ?? Array(jobTasks.keys)
        var found: [SimTask] = []
        for job in jobs.sorted() {
            let matching = tasks(of: job).filter(filter.matches)
            found.append(contentsOf: matching.sorted { ($0.instanceId, $0.sequence) < ($1.instanceId, $1.sequence) })
        }
        let page = found.dropFirst(filter.offset)
        return filter.limit > 0 ? Array(page.prefix(filter.limit)) : Array(page)
    }

    /// Jobs as Aurora's `ReadOnlySchedulerImpl.getJobs` synthesizes them: from the newest (active) task of
    /// each job, then overwritten by cron templates.
    private func jobConfigurations(role: String?, activeOnly: Bool) -> [(JobID, JobConfiguration)] {
        var configs: [JobID: JobConfiguration] = [:]
        for (job, _) in jobTasks where role == nil || job.role == role {
            let all = tasks(of: job)
            let counted = activeOnly ? all.filter(\.status.isActive) : all
            let active = all.filter(\.status.isActive)
            guard let latest = (active.isEmpty ? all : active).max(by: { $0.lastEventAt < $1.lastEventAt }), !counted.isEmpty
            else { continue }
            configs[job] = JobConfiguration(
                key: job.key,
                owner: latest.config.owner,
                taskConfig: latest.config,
                instanceCount: Int32(counted.count)
            )
        }
        for (job, cron) in cronJobs where role == nil || job.role == role {
            configs[job] = cron.config
        }
        return configs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private func stats(of job: JobID) -> JobStats {
        var stats = (active: Int32(0), finished: Int32(0), failed: Int32(0), pending: Int32(0))
        for task in tasks(of: job) {
            switch task.status {
            case .pending, .throttled: stats.pending += 1
            case .killed, .finished: stats.finished += 1
            case .failed, .lost: stats.failed += 1
            default: if task.status.isActive { stats.active += 1 }
            }
        }
        return JobStats(activeTaskCount: stats.active, finishedTaskCount: stats.finished, failedTaskCount: stats.failed, pendingTaskCount: stats.pending)
    }

    private static func describe(_ query: TaskQuery?) -> String {
        guard let query else { return "null" }
        return "\(query)"
    }
}
