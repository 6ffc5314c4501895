import AuroraThrift

/// Aurora's `Query.arbitrary(TaskQuery)`: every set field must match (fields are AND-ed, set values OR-ed).
struct TaskFilter {
    private let role: String?
    private let environment: String?
    private let jobName: String?
    private let taskIds: Set<String>?
    private let statuses: Set<Int32>?
    private let instanceIds: Set<Int32>?
    private let slaveHosts: Set<String>?
    /// The only jobs that can match, when the query names them.
    let jobs: Set<JobID>?
    let offset: Int
    let limit: Int

    init(_ query: TaskQuery?) {
        role = query?.role
        environment = query?.environment
        jobName = query?.jobName
        taskIds = Self.nonEmpty(query?.taskIds)
        statuses = Self.nonEmpty(query?.statuses?.map(\.rawValue))
        instanceIds = Self.nonEmpty(query?.instanceIds)
        slaveHosts = Self.nonEmpty(query?.slaveHosts)
        jobs = Self.nonEmpty(query?.jobKeys?.compactMap { JobID($0) })
        offset = max(0, Int(query?.offset ?? 0))
        limit = max(0, Int(query?.limit ?? 0))
    }

    /// Restricts the query to PENDING tasks (for `getPendingReason`).
    init(pendingOnly query: TaskQuery?) {
        var pending = query ?? TaskQuery()
        pending.statuses = [.pending]
        self.init(pending)
    }

    func matches(_ task: SimTask) -> Bool {
        if let role, task.job.role != role { return false }
        if let environment, task.job.environment != environment { return false }
        if let jobName, task.job.name != jobName { return false }
        if let jobs, !jobs.contains(task.job) { return false }
        if let taskIds, !taskIds.contains(task.taskId) { return false }
        if let statuses, !statuses.contains(task.status.rawValue) { return false }
        if let instanceIds, !instanceIds.contains(task.instanceId) { return false }
        if let slaveHosts, !slaveHosts.contains(task.slaveHost ?? "") { return false }
        return true
    }

    private static func nonEmpty<T: Hashable>(_ values: [T]?) -> Set<T>? {
        guard let values, !values.isEmpty else { return nil }
        return Set(values)
    }
}
