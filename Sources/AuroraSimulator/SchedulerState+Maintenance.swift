public import AuroraThrift

/// Host maintenance RPCs: SCHEDULED → DRAINING (tasks drained and rescheduled elsewhere) → DRAINED → NONE.
extension SchedulerState {
    /// `startMaintenance`: hosts not yet in maintenance become SCHEDULED (still usable, but avoided).
    public func startMaintenance(hosts: Hosts?) -> Response {
        let now = advance()
        for host in hosts?.hostNames ?? [] where hostModes[host] == nil {
            hostModes[host] = .scheduled
        }
        wakeBlockedTasks(at: now)
        return replies.ok(.startMaintenanceResult(StartMaintenanceResult(statuses: statuses(hosts))))
    }

    /// `drainHosts`: tasks on the hosts go DRAINING, then KILLED and are rescheduled; empty hosts are DRAINED.
    public func drainHosts(hosts: Hosts?) -> Response {
        let now = advance()
        let names = Set(hosts?.hostNames ?? [])
        for host in names {
            hostModes[host] = .draining
        }
        for job in jobTasks.keys.sorted() {
            // Tasks already on their way out (killing, restarting, draining) leave the host by themselves.
            for task in tasks(of: job) where Self.drainable.contains(task.status) && names.contains(task.slaveHost ?? "") {
                stop(task.taskId, at: now, via: .draining, message: "Draining machine for maintenance.", replacement: task.config)
            }
        }
        for host in names where (hostLoad[host] ?? 0) <= 0 {
            hostModes[host] = .drained
        }
        return replies.ok(.drainHostsResult(DrainHostsResult(statuses: statuses(hosts))))
    }

    /// `maintenanceStatus`: the mode of each host (NONE for hosts never put in maintenance).
    public func maintenanceStatus(hosts: Hosts?) -> Response {
        _ = advance()
        return replies.ok(.maintenanceStatusResult(MaintenanceStatusResult(statuses: statuses(hosts))))
    }

    /// `endMaintenance`: hosts return to NONE and take tasks again.
    public func endMaintenance(hosts: Hosts?) -> Response {
        let now = advance()
        for host in hosts?.hostNames ?? [] {
            hostModes[host] = nil
        }
        wakeBlockedTasks(at: now)
        return replies.ok(.endMaintenanceResult(EndMaintenanceResult(statuses: statuses(hosts))))
    }

    private static let drainable: Set<ScheduleStatus> = [.assigned, .starting, .running]

    private func statuses(_ hosts: Hosts?) -> [HostStatus] {
        Array(Set(hosts?.hostNames ?? [])).sorted().map { HostStatus(host: $0, mode: hostModes[$0] ?? MaintenanceMode.none) }
    }
}
