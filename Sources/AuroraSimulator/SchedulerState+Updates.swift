public import AuroraThrift
import Foundation

/// Job update RPCs that change state: start, pause, resume, abort, rollback, pulse.
extension SchedulerState {
    /// `startJobUpdate`: validates like Aurora, answers no-ops and conflicts the same way, then starts rolling forward.
    public func startJobUpdate(request: JobUpdateRequest?, message: String?, user: String = "UNSECURE") -> Response {
        guard let job = jobID(request?.taskConfig?.job), let request, let proposed = request.taskConfig else {
            return replies.missingJobKey()
        }
        let now = advance()
        guard proposed.isService == true else { return replies.invalidRequest("Updates are not supported for non-service tasks.") }
        guard let settings = request.settings else { return replies.invalidRequest("JobUpdateSettings must be set.") }
        guard let pacing = UpdatePacing(settings: settings) else { return replies.invalidRequest("updateGroupSize must be positive.") }
        if (settings.maxPerInstanceFailures ?? 0) < 0 { return replies.invalidRequest("maxPerInstanceFailures must be non-negative.") }
        if (settings.maxFailedInstances ?? 0) < 0 { return replies.invalidRequest("maxFailedInstances must be non-negative.") }
        if (settings.minWaitInInstanceRunningMs ?? 0) < 0 { return replies.invalidRequest("minWaitInInstanceRunningMs must be non-negative.") }
        if (settings.blockIfNoPulsesAfterMs ?? 0) < 0 { return replies.invalidRequest("blockIfNoPulsesAfterMs must be positive.") }
        let config: TaskConfig
        do { config = try validator.validate(task: proposed) } catch { return replies.invalidRequest(error.message) }
        if cronJobs[job] != nil { return replies.invalidRequest("Cron jobs may only be created/updated by calling scheduleCronJob.") }

        let count = request.instanceCount ?? 0
        let scope = InstanceRanges.ids(settings.updateOnlyTheseInstances)
        let diff = JobDiff(current: activeTasks(of: job).mapValues(\.config), proposed: config, count: count, scope: scope)
        if let scope, case let invalid = diff.outOfScope(scope), !invalid.isEmpty {
            return replies.invalidRequest("The update request attempted to update specific instances, but some are "
                + "irrelevant to the update and current job state: \(javaSetDescription(invalid))")
        }
        if diff.isNoop { return replies.ok(messages: ["Job is unchanged by proposed update."]) }
        if let activeId = activeUpdates[job], let active = updates[activeId] {
            let result = APIResult.startJobUpdateResult(StartJobUpdateResult(key: active.key, updateSummary: active.summary))
            return replies.invalidRequest(
                "An active update already exists for this job, please terminate it before starting another. "
                    + "Active updates are those in states \(JobUpdateStatus.activeNames)",
                result: result
            )
        }
        guard (1...4000).contains(count) else { return replies.invalidRequest("Instance count must be between 1 and 4000 inclusive.") }
        if let shortfall = quotaShortfall(adding: config, count: Int(count), replacing: job) {
            return replies.invalidRequest("Insufficient resource quota: \(shortfall)")
        }

        let initial = configGroups(diff.replaced).map { InstanceTaskConfig(task: $0.config, instances: $0.instances) }
        let desired = diff.replacements.isEmpty ? nil : InstanceTaskConfig(task: config, instances: InstanceRanges.ranges(diff.replacements))
        let pulseTimeout = settings.blockIfNoPulsesAfterMs.flatMap { $0 > 0 ? Int64($0) : nil }
        var update = SimUpdate(
            id: UUID().uuidString.lowercased(),
            job: job,
            user: user,
            metadata: request.metadata,
            createdAt: now,
            lastModifiedAt: now,
            status: .rollingForward,
            instructions: JobUpdateInstructions(initialState: initial, desiredState: desired, settings: settings),
            desiredConfig: config,
            desiredInstances: diff.replacements,
            initialConfigs: diff.replaced,
            pacing: pacing,
            pulseTimeoutMs: pulseTimeout,
            waiting: Set(diff.replaced.keys).union(diff.replacements).sorted()
        )
        activeUpdates[job] = update.id
        setStatus(&update, to: pulseTimeout == nil ? .rollingForward : .rollForwardAwaitingPulse, at: now, user: user, message: message)
        updates[update.id] = update
        evaluate(update.id, at: now)
        let started = updates[update.id] ?? update
        return replies.ok(.startJobUpdateResult(StartJobUpdateResult(key: started.key, updateSummary: started.summary)))
    }

    /// `pauseJobUpdate`: rolling or awaiting-pulse updates become paused; paused ones stay paused.
    public func pauseJobUpdate(key: JobUpdateKey?, message: String?, user: String = "UNSECURE") -> Response {
        changeUpdate(key, user: user, message: message) { update, _ in
            switch update.status {
            case .rollingForward, .rollForwardAwaitingPulse, .rollForwardPaused: return .rollForwardPaused
            default: return .rollBackPaused
            }
        }
    }

    /// `resumeJobUpdate`: paused updates roll again (or await a pulse if one is overdue).
    public func resumeJobUpdate(key: JobUpdateKey?, message: String?, user: String = "UNSECURE") -> Response {
        changeUpdate(key, user: user, message: message) { update, now in
            let blocked = self.pulseOverdue(update, at: now)
            switch update.status {
            case .rollForwardPaused: return blocked ? .rollForwardAwaitingPulse : .rollingForward
            case .rollBackPaused: return blocked ? .rollBackAwaitingPulse : .rollingBack
            default: return update.status
            }
        }
    }

    /// `abortJobUpdate`: stops the update where it is.
    public func abortJobUpdate(key: JobUpdateKey?, message: String?, user: String = "UNSECURE") -> Response {
        changeUpdate(key, user: user, message: message) { _, _ in .aborted }
    }

    /// `rollbackJobUpdate`: a rolling-forward update reverts the instances it touched, newest first.
    public func rollbackJobUpdate(key: JobUpdateKey?, message: String?, user: String = "UNSECURE") -> Response {
        changeUpdate(key, user: user, message: message) { _, _ in .rollingBack }
    }

    /// `pulseJobUpdate`: keeps a coordinated update going; FINISHED once the update is no longer active.
    public func pulseJobUpdate(key: JobUpdateKey?) -> Response {
        guard jobID(key?.job) != nil else { return replies.missingJobKey() }
        let now = advance()
        guard let id = key?.id, var update = updates[id], update.job == JobID(key?.job) else {
            return replies.invalidRequest("Update does not exist: \(Self.updateName(key))")
        }
        guard update.status.isActive else {
            return replies.ok(.pulseJobUpdateResult(PulseJobUpdateResult(status: .finished)))
        }
        update.lastPulseAt = now
        switch update.status {
        case .rollForwardAwaitingPulse: setStatus(&update, to: .rollingForward, at: now)
        case .rollBackAwaitingPulse: setStatus(&update, to: .rollingBack, at: now)
        default: if let timeout = update.pulseTimeoutMs { armPulseTimer(&update, deadline: now + timeout) }
        }
        updates[id] = update
        evaluate(id, at: now)
        return replies.ok(.pulseJobUpdateResult(PulseJobUpdateResult(status: .ok)))
    }

    // MARK: - Private

    /// Aurora's `JobUpdateStateMachine.ALLOWED_TRANSITIONS`.
    private static func transitionAllowed(from: JobUpdateStatus, to: JobUpdateStatus) -> Bool {
        let allowed: [JobUpdateStatus]
        switch from {
        case .rollingForward: allowed = [.rollingBack, .rollForwardPaused, .rollForwardAwaitingPulse, .rolledForward, .aborted, .failed, .error]
        case .rollingBack: allowed = [.rollBackPaused, .rollBackAwaitingPulse, .rolledBack, .aborted, .error, .failed]
        case .rollForwardPaused: allowed = [.rollingForward, .rollForwardAwaitingPulse, .aborted, .error]
        case .rollBackPaused: allowed = [.rollingBack, .rollBackAwaitingPulse, .aborted, .error]
        case .rollForwardAwaitingPulse: allowed = [.rollingForward, .rollForwardPaused, .aborted, .error]
        case .rollBackAwaitingPulse: allowed = [.rollingBack, .rollBackPaused, .aborted, .error]
        default: allowed = []
        }
        return allowed.contains(to)
    }

    /// Applies a user-requested status change to an active update.
    private func changeUpdate(
        _ key: JobUpdateKey?,
        user: String,
        message: String?,
        target: (SimUpdate, Int64) -> JobUpdateStatus
    ) -> Response {
        guard jobID(key?.job) != nil else { return replies.missingJobKey() }
        let now = advance()
        guard let id = key?.id, var update = updates[id], update.job == JobID(key?.job) else {
            return replies.invalidRequest("Update does not exist: \(Self.updateName(key))")
        }
        guard update.status.isActive else {
            return replies.invalidRequest("Update \(Self.updateName(key)) is not active (\(update.status)).")
        }
        let status = target(update, now)
        if status == update.status { return replies.ok() }
        guard Self.transitionAllowed(from: update.status, to: status) else {
            return replies.invalidRequest("Cannot transition update from \(update.status) to \(status)")
        }
        if status == .rollingBack {
            update.rollingBack = true
            update.waiting = update.touched.sorted(by: >)
            update.inFlight = []
            update.batchesStarted = 0
            update.autopausedAfterBatch = 0
        }
        setStatus(&update, to: status, at: now, user: user, message: message)
        updates[id] = update
        evaluate(id, at: now)
        return replies.ok()
    }

    /// `role/env/name/<id>` for messages about an update key.
    static func updateName(_ key: JobUpdateKey?) -> String {
        "\(JobID(key?.job)?.description ?? "null")/\(key?.id ?? "null")"
    }
}
