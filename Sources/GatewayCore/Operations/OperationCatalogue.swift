/// The single list of operations (contract §3). REST routes, JSON-RPC methods, policy validation, token
/// scopes, audit and metrics all take their names from here.
public enum OperationCatalogue {
    /// Every operation, in contract order.
    public static let all: [Operation] = [
        Operation("clusters.list", target: .clusters),
        Operation("roles.list", read: true, target: .cluster, call: "getRoleSummary"),
        Operation("jobs.list", read: true, target: .role, call: "getJobSummary"),
        Operation("quota.get", read: true, target: .role, call: "getQuota"),
        Operation("quota.set", adminOnly: true, target: .role, call: "setQuota"),
        Operation("job.create", target: .job, call: "createJob"),
        Operation("job.get", read: true, target: .job, call: "getJobSummary"),
        Operation("job.kill", target: .job, call: "killTasks"),
        Operation("job.killInstances", target: .job, call: "killTasks"),
        Operation("job.restart", target: .job, call: "restartShards"),
        Operation("job.addInstances", target: .job, call: "addInstances"),
        Operation("tasks.list", read: true, target: .job, call: "getTasksWithoutConfigs"),
        Operation("tasks.pendingReasons", read: true, target: .job, call: "getPendingReason"),
        Operation("job.inspect", target: .job, call: "populateJobConfig"),
        Operation("job.diff", target: .job, call: "getJobUpdateDiff"),
        Operation("updates.list", read: true, target: .job, call: "getJobUpdateSummaries"),
        Operation("update.start", target: .job, call: "startJobUpdate"),
        Operation("update.get", read: true, target: .job, call: "getJobUpdateDetails"),
        Operation("update.pause", target: .job, call: "pauseJobUpdate"),
        Operation("update.resume", target: .job, call: "resumeJobUpdate"),
        Operation("update.abort", target: .job, call: "abortJobUpdate"),
        Operation("update.rollback", target: .job, call: "rollbackJobUpdate"),
        Operation("update.pulse", target: .job, call: "pulseJobUpdate"),
        Operation("cron.schedule", target: .job, call: "scheduleCronJob"),
        Operation("cron.deschedule", target: .job, call: "descheduleCronJob"),
        Operation("cron.run", target: .job, call: "startCronJob"),
        Operation("maintenance.status", target: .cluster, call: "maintenanceStatus"),
        Operation("maintenance.set", adminOnly: true, target: .cluster, call: "startMaintenance"),
        Operation("task.run", adminOnly: true, target: .job),
        Operation("task.logs", read: true, target: .job),
        Operation("me", target: .caller),
        Operation("tokens.create", target: .caller),
        Operation("tokens.list", target: .caller),
        Operation("tokens.get", target: .caller),
        Operation("tokens.revoke", target: .caller),
        Operation("audit.list", target: .caller),
    ]

    private static let byID: [String: Operation] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The operation with this id.
    public static func named(_ id: String) -> Operation? { byID[id] }

    /// The operation with this id; for ids written in code, where a miss is a programming error.
    public static func operation(_ id: String) -> Operation {
        guard let operation = byID[id] else { preconditionFailure("\(id) is not in the operation catalogue") }
        return operation
    }

    /// The operations an action pattern (`read`, `job.*`, `*`, an exact id) names.
    public static func matching(_ pattern: String) -> [Operation] {
        all.filter { ActionPattern.matches(pattern, $0) }
    }
}

/// Action patterns as written in `policy:` and token scopes.
public enum ActionPattern {
    /// Whether `pattern` names `operation`: `read` covers read operations, anything else is an operation-id glob.
    public static func matches(_ pattern: String, _ operation: Operation) -> Bool {
        pattern == "read" ? operation.isRead : Glob(pattern).matches(operation.id)
    }

    /// Whether a policy rule's allow pattern grants `operation`: admin-only operations only by their exact id or
    /// their family's `<family>.*` (`task.run`, `task.*`), never through `*`, `read` or another glob.
    public static func grants(_ pattern: String, _ operation: Operation) -> Bool {
        guard matches(pattern, operation) else { return false }
        guard operation.adminOnly else { return true }
        let family = operation.id.split(separator: ".").first.map(String.init) ?? operation.id
        return pattern == operation.id || pattern == family + ".*"
    }

    /// Nil when the pattern names at least one operation; else why it is wrong.
    public static func problem(with pattern: String) -> String? {
        guard !pattern.isEmpty else { return "an action must not be empty" }
        if OperationCatalogue.matching(pattern).isEmpty {
            return "\"\(pattern)\" names no operation: use read, an operation id such as job.create, or a glob such as job.*"
        }
        return nil
    }
}
