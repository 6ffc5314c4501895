public import AuroraThrift

/// Job RPCs that create and stop tasks: createJob, killTasks, restartShards, addInstances.
extension SchedulerState {
    /// `createJob`: validates and populates the config, then inserts one PENDING task per instance.
    public func createJob(description: JobConfiguration?, user: String = "UNSECURE") -> Response {
        guard let description, jobID(description.key) != nil else { return replies.missingJobKey() }
        let now = advance()
        let job: JobID, populated: JobConfiguration
        do { (job, populated) = try validator.validate(job: description) } catch { return replies.invalidRequest(error.message) }
        if let cron = populated.cronSchedule, !cron.isEmpty {
            return replies.invalidRequest("Cron jobs may only be created/updated by calling scheduleCronJob.")
        }
        if let busy = updatingError(job) { return busy }
        if !activeTasks(of: job).isEmpty || cronJobs[job] != nil { return replies.invalidRequest("Job \(job) already exists") }
        let count = populated.instanceCount ?? 0
        guard let config = populated.taskConfig, count <= 4000 else {
            return replies.invalidRequest("Instance count must be between 1 and 4000 inclusive.")
        }
        if let shortfall = quotaShortfall(adding: config, count: Int(count), replacing: nil) {
            return replies.invalidRequest("Insufficient resource quota: \(shortfall)")
        }
        for instance in 0..<count {
            insertPending(job: job, instance: instance, config: config, at: now)
        }
        return replies.ok()
    }

    /// `killTasks`: moves the job's active tasks (all, or the given instances) to KILLING.
    public func killTasks(job key: JobKey?, instances: [Int32]?, message: String?, user: String = "UNSECURE") -> Response {
        guard let job = jobID(key) else { return replies.missingJobKey() }
        let now = advance()
        if let busy = updatingError(job) { return busy }
        let wanted = instances.flatMap { $0.isEmpty ? nil : Set($0) }
        let audit = "Killed by \(user)" + (message.map { ".\n\($0)" } ?? "")
        var killed = 0
        for task in tasks(of: job) where task.status.isActive && (wanted?.contains(task.instanceId) ?? true) {
            if task.status != .killing, stop(task.taskId, at: now, message: audit) { killed += 1 }
        }
        return killed > 0 ? replies.ok() : replies.ok(messages: ["No tasks to kill."])
    }

    /// `restartShards`: every listed instance must be active; each goes RESTARTING, then is replaced.
    public func restartShards(job key: JobKey?, shardIds: [Int32]?, user: String = "UNSECURE") -> Response {
        guard let job = jobID(key) else { return replies.missingJobKey() }
        let now = advance()
        if let busy = updatingError(job) { return busy }
        let wanted = Set(shardIds ?? [])
        guard !wanted.isEmpty else { return replies.invalidRequest("At least one shard id must be given.") }
        let active = activeTasks(of: job).filter { wanted.contains($0.key) }
        guard active.count == wanted.count else { return replies.invalidRequest("Not all requested shards are active.") }
        for (_, task) in active.sorted(by: { $0.key < $1.key }) {
            stop(task.taskId, at: now, via: .restarting, message: "Restarted by \(user)", replacement: task.config)
        }
        return replies.ok()
    }

    /// `addInstances`: copies the config of `key.instanceId` into `count` new instances after the highest one.
    public func addInstances(key: InstanceKey?, count: Int32?, user: String = "UNSECURE") -> Response {
        guard let job = jobID(key?.jobKey) else { return replies.missingJobKey() }
        let now = advance()
        guard let count, count > 0 else { return replies.invalidRequest("Instance count must be positive.") }
        if cronJobs[job] != nil { return replies.invalidRequest("Instances may not be added to cron jobs.") }
        if let busy = updatingError(job) { return busy }
        let active = activeTasks(of: job)
        guard let template = key?.instanceId.flatMap({ active[$0] }), let last = active.keys.max() else {
            return replies.invalidRequest("No active task found for a given instance ID.")
        }
        guard active.count + Int(count) <= 4000 else {
            return replies.invalidRequest("Instance count must be between 1 and 4000 inclusive.")
        }
        if let shortfall = quotaShortfall(adding: template.config, count: Int(count), replacing: nil) {
            return replies.invalidRequest("Insufficient resource quota: \(shortfall)")
        }
        for instance in (last + 1)...(last + count) {
            insertPending(job: job, instance: instance, config: template.config, at: now)
        }
        return replies.ok()
    }
}
