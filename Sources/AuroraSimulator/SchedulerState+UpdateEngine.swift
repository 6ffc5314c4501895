import AuroraThrift

/// The updater: moves an active job update instance by instance, reacting to task transitions,
/// pulses and user actions, and records `JobUpdateEvent`s and `JobInstanceUpdateEvent`s.
extension SchedulerState {
    /// Re-evaluates the job's active update after one of its tasks changed.
    func taskChanged(_ job: JobID, at time: Int64) {
        if let id = activeUpdates[job] { evaluate(id, at: time) }
    }

    /// Finishes settled instances, starts new ones, and completes the update when nothing is left.
    func evaluate(_ id: String, at time: Int64) {
        guard var update = updates[id] else { return }
        defer { updates[id] = update }
        var progressed = true
        while progressed, update.status == .rollingForward || update.status == .rollingBack {
            progressed = false
            let active = activeTasks(of: update.job)
            for instance in update.inFlight where settled(instance, of: update, active: active) {
                update.inFlight.removeAll { $0 == instance }
                let action: JobUpdateAction = update.rollingBack ? .instanceRolledBack : .instanceUpdated
                update.instanceEvents.append(JobInstanceUpdateEvent(instanceId: instance, timestampMs: time, action: action))
            }
            if update.waiting.isEmpty, update.inFlight.isEmpty {
                setStatus(&update, to: update.rollingBack ? .rolledBack : .rolledForward, at: time)
                return
            }
            for _ in 0..<startableCount(&update, at: time) {
                begin(update.waiting.removeFirst(), of: &update, at: time)
                progressed = true
            }
        }
    }

    /// Changes the update's status, recording the event, the lock and the pulse timer.
    func setStatus(_ update: inout SimUpdate, to status: JobUpdateStatus, at time: Int64, user: String? = nil, message: String? = nil) {
        update.status = status
        update.lastModifiedAt = time
        update.events.append(JobUpdateEvent(status: status, timestampMs: time, user: user, message: message))
        if !status.isActive, activeUpdates[update.job] == update.id {
            activeUpdates[update.job] = nil
        }
        if status == .rollingForward || status == .rollingBack, let timeout = update.pulseTimeoutMs {
            armPulseTimer(&update, deadline: (update.lastPulseAt ?? time) + timeout)
        }
    }

    /// Queues the moment the update blocks for want of a pulse.
    func armPulseTimer(_ update: inout SimUpdate, deadline: Int64) {
        update.pulseToken = queue.push(.pulseTimeout(updateId: update.id), at: deadline)
    }

    /// Whether the update, being active, has gone too long without a pulse.
    func pulseOverdue(_ update: SimUpdate, at time: Int64) -> Bool {
        guard let timeout = update.pulseTimeoutMs else { return false }
        guard let last = update.lastPulseAt else { return true }
        return time - last >= timeout
    }

    /// The pulse deadline passed: a rolling update blocks until the next `pulseJobUpdate`.
    func pulseExpired(_ id: String, at time: Int64) {
        guard var update = updates[id] else { return }
        switch update.status {
        case .rollingForward: setStatus(&update, to: .rollForwardAwaitingPulse, at: time)
        case .rollingBack: setStatus(&update, to: .rollBackAwaitingPulse, at: time)
        default: return
        }
        updates[id] = update
    }

    // MARK: - Private

    private func settled(_ instance: Int32, of update: SimUpdate, active: [Int32: SimTask]) -> Bool {
        guard let target = update.target(for: instance) else { return active[instance] == nil }
        guard let task = active[instance] else { return false }
        return task.status == .running && task.replacement == nil && task.config == target
    }

    /// How many waiting instances may start now; may auto-pause a batch update between batches.
    private func startableCount(_ update: inout SimUpdate, at time: Int64) -> Int {
        switch update.pacing {
        case .queue(let size):
            return min(update.waiting.count, max(0, size - update.inFlight.count))
        case .batches(let sizes, let autopause):
            guard update.inFlight.isEmpty else { return 0 }
            if autopause, update.batchesStarted > 0, update.autopausedAfterBatch < update.batchesStarted {
                update.autopausedAfterBatch = update.batchesStarted
                setStatus(&update, to: update.rollingBack ? .rollBackPaused : .rollForwardPaused, at: time)
                return 0
            }
            let size = sizes[min(update.batchesStarted, sizes.count - 1)]
            update.batchesStarted += 1
            return min(update.waiting.count, size)
        }
    }

    /// Starts moving one instance towards its target config.
    private func begin(_ instance: Int32, of update: inout SimUpdate, at time: Int64) {
        let action: JobUpdateAction = update.rollingBack ? .instanceRollingBack : .instanceUpdating
        update.instanceEvents.append(JobInstanceUpdateEvent(instanceId: instance, timestampMs: time, action: action))
        if !update.rollingBack { update.touched.insert(instance) }
        update.inFlight.append(instance)
        let target = update.target(for: instance)
        let message = "Killed for job update \(update.id)"
        if let task = activeTasks(of: update.job)[instance] {
            if let target {
                if task.config != target || task.replacement != nil {
                    stop(task.taskId, at: time, message: message, replacement: target)
                }
            } else {
                stop(task.taskId, at: time, message: message)
            }
        } else if let target {
            insertPending(job: update.job, instance: instance, config: target, at: time)
        }
    }
}
