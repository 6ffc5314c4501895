import AuroraSimulator
import AuroraThrift

/// Jobs, configs and helpers shared by the simulator tests.
enum Fixtures {
    static let key = JobKey(role: "mesostest", environment: "devel", name: "hello")
    static let step: Duration = .seconds(1)
    static let start: Int64 = 1_589_000_000_000

    static func task(
        _ key: JobKey = key,
        service: Bool = false,
        cpus: Double = 0.1,
        ramMb: Int64 = 16,
        data: String = #"{"task":"hello"}"#,
        production: Bool = false,
        ports: [String] = []
    ) -> TaskConfig {
        TaskConfig(
            job: key,
            owner: Identity(user: "mesostest"),
            isService: service,
            priority: 0,
            maxTaskFailures: 1,
            production: production,
            resources: [.numCpus(cpus), .ramMb(ramMb), .diskMb(16)] + ports.map { .namedPort($0) },
            constraints: [],
            taskLinks: [:],
            executorConfig: ExecutorConfig(name: "AuroraExecutor", data: data),
            metadata: [],
            container: .mesos(MesosContainer())
        )
    }

    static func job(
        _ key: JobKey = key,
        instances: Int32 = 1,
        cron: String? = nil,
        task: TaskConfig? = nil
    ) -> JobConfiguration {
        JobConfiguration(
            key: key,
            owner: Identity(user: "mesostest"),
            cronSchedule: cron,
            cronCollisionPolicy: .killExisting,
            taskConfig: task ?? Self.task(key),
            instanceCount: instances
        )
    }

    static func service(_ key: JobKey = key, instances: Int32 = 1, data: String = "v1") -> JobConfiguration {
        job(key, instances: instances, task: task(key, service: true, data: data))
    }

    /// A scheduler on a manual clock with one-second steps.
    static func scheduler(
        hosts: [String] = ["agent1.local", "agent2.local"],
        configure: (inout SimulatorConfiguration) -> Void = { _ in }
    ) throws -> (SchedulerState, ManualClock) {
        var configuration = SimulatorConfiguration(clusterName: "testcluster", taskStepInterval: step, hosts: hosts)
        configure(&configuration)
        let clock = ManualClock(startMilliseconds: start)
        return (try SchedulerState(configuration: configuration, clock: clock), clock)
    }

    static func updateRequest(
        _ config: TaskConfig,
        instances: Int32,
        groupSize: Int32 = 1,
        strategy: JobUpdateStrategy? = nil,
        pulseMs: Int32? = nil,
        only: [AuroraThrift.Range]? = nil
    ) -> JobUpdateRequest {
        JobUpdateRequest(
            taskConfig: config,
            instanceCount: instances,
            settings: JobUpdateSettings(
                updateGroupSize: groupSize,
                maxPerInstanceFailures: 0,
                maxFailedInstances: 0,
                minWaitInInstanceRunningMs: 0,
                rollbackOnFailure: true,
                updateOnlyTheseInstances: only,
                waitForBatchCompletion: false,
                blockIfNoPulsesAfterMs: pulseMs,
                updateStrategy: strategy
            ),
            metadata: [Metadata(key: "org.apache.aurora.client.update_id", value: "test")]
        )
    }
}

// MARK: - Reading results

extension Response {
    var tasks: [ScheduledTask] {
        if case .scheduleStatusResult(let result)? = result { return result.tasks ?? [] }
        return []
    }

    var updateKey: JobUpdateKey? {
        if case .startJobUpdateResult(let result)? = result { return result.key }
        return nil
    }

    var updateSummaries: [JobUpdateSummary] {
        if case .getJobUpdateSummariesResult(let result)? = result { return result.updateSummaries ?? [] }
        return []
    }

    var updateDetails: [JobUpdateDetails] {
        if case .getJobUpdateDetailsResult(let result)? = result { return result.detailsList ?? result.details.map { [$0] } ?? [] }
        return []
    }

    var hostStatuses: [String: MaintenanceMode] {
        let statuses: [HostStatus]?
        switch result {
        case .startMaintenanceResult(let r)?: statuses = r.statuses
        case .drainHostsResult(let r)?: statuses = r.statuses
        case .maintenanceStatusResult(let r)?: statuses = r.statuses
        case .endMaintenanceResult(let r)?: statuses = r.statuses
        default: statuses = nil
        }
        var modes: [String: MaintenanceMode] = [:]
        for status in statuses ?? [] { modes[status.host ?? ""] = status.mode }
        return modes
    }
}

extension ScheduledTask {
    var id: String { assignedTask?.taskId ?? "" }
    var instance: Int32 { assignedTask?.instanceId ?? -1 }
    var statusHistory: [ScheduleStatus] { (taskEvents ?? []).compactMap(\.status) }
    var config: TaskConfig? { assignedTask?.task }
}

extension SchedulerState {
    /// All tasks of the fixture job (or `key`), all statuses.
    func scheduled(_ key: JobKey = Fixtures.key, statuses: [ScheduleStatus]? = nil) -> [ScheduledTask] {
        getTasksStatus(query: TaskQuery(statuses: statuses, jobKeys: [key])).tasks
    }

    func active(_ key: JobKey = Fixtures.key) -> [ScheduledTask] {
        scheduled(key, statuses: Array(AuroraConstants.activeStates))
    }
}
