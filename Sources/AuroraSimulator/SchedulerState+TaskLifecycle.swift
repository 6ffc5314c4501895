import AuroraThrift
import Foundation

/// The task state machine: creation, automatic steps, kills and replacements.
extension SchedulerState {
    /// Creates a PENDING task and queues its first step.
    @discardableResult
    func insertPending(job: JobID, instance: Int32, config: TaskConfig, at time: Int64, ancestor: String? = nil) -> String {
        taskSequence += 1
        let taskId = makeTaskId(job: job, instance: instance, uuid: UUID().uuidString.lowercased())
        tasks[taskId] = SimTask(
            taskId: taskId,
            job: job,
            instanceId: instance,
            config: config,
            status: .pending,
            events: [event(.pending, at: time)],
            ancestorId: ancestor,
            sequence: taskSequence
        )
        jobTasks[job, default: []].append(taskId)
        scheduleStep(taskId, at: time + stepMs)
        return taskId
    }

    /// Queues the task's next automatic transition.
    func scheduleStep(_ taskId: String, at time: Int64) {
        let token = queue.push(.taskStep(taskId: taskId), at: time)
        tasks[taskId]?.nextStepAt = time
        tasks[taskId]?.stepToken = token
    }

    /// Records a status change, keeping host load in step.
    func transition(_ taskId: String, to status: ScheduleStatus, at time: Int64, message: String? = nil) {
        guard var task = tasks[taskId] else { return }
        if task.status.isOnAgent, !status.isOnAgent, let host = task.slaveHost {
            hostLoad[host, default: 1] -= 1
        }
        task.status = status
        task.events.append(event(status, at: time, message: message))
        task.nextStepAt = nil
        tasks[taskId] = task
    }

    /// One automatic step of the state machine, at its due time.
    func stepTask(_ taskId: String, at time: Int64) {
        guard let task = tasks[taskId] else { return }
        switch task.status {
        case .pending:
            guard let host = pickHost() else {
                tasks[taskId]?.nextStepAt = nil
                blockedPending.insert(taskId)
                return
            }
            assign(taskId, to: host, at: time)
            scheduleStep(taskId, at: time + stepMs)
        case .assigned:
            transition(taskId, to: .starting, at: time)
            scheduleStep(taskId, at: time + stepMs)
        case .starting:
            transition(taskId, to: .running, at: time)
            if task.config.isService != true, let runTime = configuration.batchTaskRunTime {
                scheduleStep(taskId, at: time + max(1, runTime.wholeMilliseconds))
            }
        case .running:
            transition(taskId, to: .finished, at: time)
            terminated(taskId, at: time)
        case .killing, .restarting, .draining, .preempting:
            transition(taskId, to: .killed, at: time)
            terminated(taskId, at: time)
        default:
            return
        }
        taskChanged(task.job, at: time)
    }

    /// Stops a task: PENDING tasks die at once, tasks on an agent go through `via` (KILLING by default).
    /// `replacement` is started as a new PENDING task for the same instance once this one is KILLED.
    /// Returns false when the task was not active.
    @discardableResult
    func stop(_ taskId: String, at time: Int64, via status: ScheduleStatus = .killing, message: String?, replacement: TaskConfig? = nil) -> Bool {
        guard let task = tasks[taskId], task.status.isActive else { return false }
        tasks[taskId]?.replacement = replacement
        if task.status.isOnAgent {
            guard task.status != .killing, task.status != status else { return true }
            transition(taskId, to: status, at: time, message: message)
            scheduleStep(taskId, at: time + stepMs)
        } else {
            blockedPending.remove(taskId)
            transition(taskId, to: .killed, at: time, message: message)
            terminated(taskId, at: time)
        }
        return true
    }

    /// Wakes PENDING tasks that were waiting for a usable host.
    func wakeBlockedTasks(at time: Int64) {
        guard pickHost() != nil else { return }
        for taskId in blockedPending.sorted(by: { (tasks[$0]?.sequence ?? 0) < (tasks[$1]?.sequence ?? 0) }) {
            scheduleStep(taskId, at: time + stepMs)
        }
        blockedPending.removeAll()
    }

    // MARK: - Private

    private func event(_ status: ScheduleStatus, at time: Int64, message: String? = nil) -> TaskEvent {
        TaskEvent(timestamp: time, status: status, message: message, scheduler: configuration.schedulerHostname)
    }

    /// The least-loaded host not in maintenance (SCHEDULED hosts only when nothing else is left).
    private func pickHost() -> String? {
        let usable = configuration.hosts.filter { host in
            hostModes[host] == nil || hostModes[host] == .scheduled
        }
        func rank(_ host: String) -> (Int, Int) {
            (hostModes[host] == nil ? 0 : 1, hostLoad[host] ?? 0)
        }
        return usable.min { rank($0) < rank($1) }
    }

    private func assign(_ taskId: String, to host: String, at time: Int64) {
        let index = configuration.hosts.firstIndex(of: host) ?? 0
        tasks[taskId]?.slaveHost = host
        tasks[taskId]?.slaveId = String(format: "5f2b5c4e-0000-4000-8000-%012d-S%d", index + 1, index)
        var ports: [String: Int32] = [:]
        for case .namedPort(let name) in tasks[taskId]?.config.resources ?? [] {
            ports[name] = nextPort
            nextPort = nextPort >= 32_999 ? 31_000 : nextPort + 1
        }
        tasks[taskId]?.assignedPorts = ports
        hostLoad[host, default: 0] += 1
        transition(taskId, to: .assigned, at: time)
    }

    /// Follow-up of a task reaching a terminal state: its replacement, drained hosts, history pruning.
    private func terminated(_ taskId: String, at time: Int64) {
        guard let task = tasks[taskId] else { return }
        if let replacement = task.replacement {
            tasks[taskId]?.replacement = nil
            insertPending(job: task.job, instance: task.instanceId, config: replacement, at: time, ancestor: taskId)
        }
        if let host = task.slaveHost, hostModes[host] == .draining, (hostLoad[host] ?? 0) <= 0 {
            hostModes[host] = .drained
        }
        pruneHistory(of: task.job)
    }

    private func pruneHistory(of job: JobID) {
        guard let ids = jobTasks[job] else { return }
        let terminal = ids.filter { tasks[$0]?.status.isTerminal == true }
        let excess = terminal.count - configuration.maxTerminalTasksPerJob
        guard excess > 0 else { return }
        let doomed = Set(terminal.prefix(excess))
        for id in doomed { tasks[id] = nil }
        jobTasks[job] = ids.filter { !doomed.contains($0) }
    }
}
