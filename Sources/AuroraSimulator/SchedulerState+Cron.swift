public import AuroraThrift

/// Cron RPCs and the cron runner: templates are stored, fired on schedule (UTC) or on demand,
/// and honour the collision policy.
extension SchedulerState {
    /// `scheduleCronJob`: creates or replaces a cron template (it must have a `cronSchedule`).
    public func scheduleCronJob(description: JobConfiguration?, user: String = "UNSECURE") -> Response {
        storeCronTemplate(description, replaceOnly: false)
    }

    /// `replaceCronTemplate`: replaces an existing cron template.
    public func replaceCronTemplate(config: JobConfiguration?, user: String = "UNSECURE") -> Response {
        storeCronTemplate(config, replaceOnly: true)
    }

    /// `descheduleCronJob`: removes the template; OK with a message when there was none.
    public func descheduleCronJob(job key: JobKey?, user: String = "UNSECURE") -> Response {
        guard let job = jobID(key) else { return replies.missingJobKey() }
        _ = advance()
        if let busy = updatingError(job) { return busy }
        guard cronJobs.removeValue(forKey: job) != nil else {
            return replies.ok(messages: ["Job \(job) is not scheduled with cron"])
        }
        return replies.ok()
    }

    /// `startCronJob`: launches the template now, as if its schedule fired.
    public func startCronJob(job key: JobKey?, user: String = "UNSECURE") -> Response {
        guard let job = jobID(key) else { return replies.missingJobKey() }
        let now = advance()
        guard cronJobs[job] != nil else {
            return replies.invalidRequest("Failed to start cron job - No cron template found for the given key: \(job)")
        }
        launchCron(job, at: now)
        return replies.ok()
    }

    /// The schedule fired: launch and queue the next run.
    func cronFired(_ job: JobID, at time: Int64) {
        launchCron(job, at: time)
        queueNextCronRun(job, after: time)
    }

    // MARK: - Private

    private func storeCronTemplate(_ description: JobConfiguration?, replaceOnly: Bool) -> Response {
        guard let description, let job = jobID(description.key) else { return replies.missingJobKey() }
        let now = advance()
        let populated: JobConfiguration
        do { (_, populated) = try validator.validate(job: description) } catch { return replies.invalidRequest(error.message) }
        guard let expression = populated.cronSchedule, !expression.isEmpty else {
            return replies.invalidRequest("Job \(job) has no cron schedule")
        }
        guard let schedule = CronSchedule(expression) else {
            return replies.invalidRequest("Invalid cron schedule: \(expression)")
        }
        if let busy = updatingError(job) { return busy }
        if replaceOnly, cronJobs[job] == nil {
            return replies.invalidRequest("No cron template found for the given key: \(job)")
        }
        if cronJobs[job] == nil, !activeTasks(of: job).isEmpty {
            return replies.invalidRequest("Job \(job) already exists")
        }
        if let count = populated.instanceCount, count > 4000 {
            return replies.invalidRequest("Instance count must be between 1 and 4000 inclusive.")
        }
        cronJobs[job] = CronJob(config: populated, schedule: schedule)
        queueNextCronRun(job, after: now)
        return replies.ok()
    }

    private func queueNextCronRun(_ job: JobID, after time: Int64) {
        guard var cron = cronJobs[job] else { return }
        cron.nextRunAt = cron.schedule.nextRun(after: time)
        if let next = cron.nextRunAt { cron.token = queue.push(.cronRun(job), at: next) }
        cronJobs[job] = cron
    }

    /// Starts one run of the template, applying its `cronCollisionPolicy` to still-active tasks.
    private func launchCron(_ job: JobID, at time: Int64) {
        guard let cron = cronJobs[job], let config = cron.config.taskConfig else { return }
        let count = cron.config.instanceCount ?? 0
        let active = activeTasks(of: job)
        if !active.isEmpty {
            guard cron.config.cronCollisionPolicy == .killExisting || cron.config.cronCollisionPolicy == nil else { return }
            for (instance, task) in active.sorted(by: { $0.key < $1.key }) {
                let replacement = instance < count ? config : nil
                stop(task.taskId, at: time, message: "Killed by cron (collision policy KILL_EXISTING)", replacement: replacement)
            }
        }
        for instance in 0..<count where active[instance] == nil {
            insertPending(job: job, instance: instance, config: config, at: time)
        }
    }
}
