import AuroraThrift

/// One task the simulator tracks: an `AssignedTask` plus its status history and
/// what the state machine will do with it next.
struct SimTask {
    let taskId: String
    let job: JobID
    let instanceId: Int32
    var config: TaskConfig
    var status: ScheduleStatus
    var events: [TaskEvent]
    var slaveHost: String?
    var slaveId: String?
    var assignedPorts: [String: Int32] = [:]
    let ancestorId: String?
    /// When the next automatic transition is due (ms); nil when the task rests in its state.
    var nextStepAt: Int64?
    /// Token of the queued event that owns `nextStepAt` (stale queue entries are ignored).
    var stepToken: UInt64 = 0
    /// The config of the task that replaces this one once it is KILLED (restart, drain, update, cron).
    var replacement: TaskConfig?
    /// Creation order, for stable output.
    let sequence: UInt64

    var lastEventAt: Int64 { events.last?.timestamp ?? 0 }

    func scheduled(withoutExecutorData: Bool = false) -> ScheduledTask {
        var task = config
        if withoutExecutorData, task.executorConfig != nil { task.executorConfig?.data = nil }
        let assigned = AssignedTask(
            taskId: taskId,
            slaveId: slaveId,
            slaveHost: slaveHost,
            task: task,
            assignedPorts: assignedPorts,
            instanceId: instanceId
        )
        return ScheduledTask(
            assignedTask: assigned,
            status: status,
            failureCount: 0,
            timesPartitioned: 0,
            taskEvents: events,
            ancestorId: ancestorId
        )
    }
}
