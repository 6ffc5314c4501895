import AuroraThrift

/// The simulated scheduler's whole state — tasks, cron templates, job updates, quotas and host
/// maintenance — behind one actor. Every RPC first catches up with the clock: automatic transitions
/// (PENDING→ASSIGNED→STARTING→RUNNING, KILLING→KILLED, update progress, pulse time-outs, cron runs)
/// happen at exact multiples of `taskStepInterval`, so a `ManualClock` makes every timestamp predictable.
public actor SchedulerState {
    let configuration: SimulatorConfiguration
    let clock: any SimulatorClock
    let replies: Replies
    let validator: ConfigValidator
    let stepMs: Int64

    // MARK: Tasks
    var tasks: [String: SimTask] = [:]
    /// Task ids per job, in creation order.
    var jobTasks: [JobID: [String]] = [:]
    /// PENDING tasks waiting for a host to leave maintenance.
    var blockedPending: Set<String> = []
    /// Active tasks per agent host.
    var hostLoad: [String: Int] = [:]
    var queue = EventQueue()
    var taskSequence: UInt64 = 0
    var nextPort: Int32 = 31_000

    // MARK: Other state
    var cronJobs: [JobID: CronJob] = [:]
    var updates: [String: SimUpdate] = [:]
    var activeUpdates: [JobID: String] = [:]
    var quotas: [String: ResourceTotals] = [:]
    var hostModes: [String: MaintenanceMode] = [:]

    /// Creates an empty scheduler; throws when `allowedEnvironments` is not a valid regex.
    public init(configuration: SimulatorConfiguration = SimulatorConfiguration(), clock: any SimulatorClock = SystemClock()) throws {
        self.configuration = configuration
        self.clock = clock
        replies = Replies(clusterName: configuration.clusterName, statsUrlPrefix: configuration.statsUrlPrefix)
        validator = try ConfigValidator(
            allowedEnvironments: configuration.allowedEnvironments,
            executorData: configuration.validatesExecutorData ? ExecutorDataValidator(clusterName: configuration.clusterName) : nil
        )
        stepMs = max(1, configuration.taskStepInterval.wholeMilliseconds)
    }

    /// Applies every automatic transition that is due by now; RPCs call this themselves.
    public func catchUp() {
        _ = advance()
    }

    /// Catches up with the clock and returns the current time in milliseconds.
    func advance() -> Int64 {
        let now = clock.nowMilliseconds()
        while let entry = queue.popDue(now: now) {
            switch entry.event {
            case .taskStep(let taskId):
                guard let task = tasks[taskId], task.stepToken == entry.token, task.nextStepAt == entry.at else { continue }
                stepTask(taskId, at: entry.at)
            case .pulseTimeout(let updateId):
                guard updates[updateId]?.pulseToken == entry.token else { continue }
                pulseExpired(updateId, at: entry.at)
            case .cronRun(let job):
                guard cronJobs[job]?.token == entry.token else { continue }
                cronFired(job, at: entry.at)
            }
        }
        return now
    }

    // MARK: - Lookups shared by the RPC extensions

    /// Tasks of `job` in creation order.
    func tasks(of job: JobID) -> [SimTask] {
        (jobTasks[job] ?? []).compactMap { tasks[$0] }
    }

    /// The active tasks of `job` by instance id (the newest one if a replacement overlaps).
    func activeTasks(of job: JobID) -> [Int32: SimTask] {
        var byInstance: [Int32: SimTask] = [:]
        for task in tasks(of: job) where task.status.isActive {
            byInstance[task.instanceId] = task
        }
        return byInstance
    }

    /// Checks a job key argument the way Aurora's authorizing interceptor does.
    func jobID(_ key: JobKey?) -> JobID? {
        ConfigValidator.validID(key)
    }

    /// JOB_UPDATING_ERROR when an update is in progress for `job` (Aurora's `assertNotUpdating`).
    func updatingError(_ job: JobID) -> Response? {
        activeUpdates[job] == nil ? nil : replies.updating(job)
    }
}
