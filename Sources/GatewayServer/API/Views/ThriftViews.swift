import AuroraThrift
import Foundation
import GatewayAPI

/// Thrift values as the API shows them: snake_case (by the generated coding keys), enums by name, times as dates.
enum ThriftViews {
    static func date(_ milliseconds: Int64?) -> Date {
        Date(timeIntervalSince1970: TimeInterval(milliseconds ?? 0) / 1000)
    }

    static func resources(_ list: [Resource]?) -> Components.Schemas.Resources {
        var cpu = 0.0, ram = 0, disk = 0, gpus = 0
        var ports: [String] = []
        for resource in list ?? [] {
            switch resource {
            case .numCpus(let value): cpu += value
            case .ramMb(let value): ram += Int(value)
            case .diskMb(let value): disk += Int(value)
            case .numGpus(let value): gpus += Int(value)
            case .namedPort(let name): ports.append(name)
            }
        }
        return .init(cpu: cpu, ramMb: ram, diskMb: disk, gpus: gpus, ports: ports.sorted())
    }

    static func ranges(_ list: [AuroraThrift.Range]?) -> [Components.Schemas.InstanceRange] {
        (list ?? []).map { .init(first: Int($0.first ?? 0), last: Int($0.last ?? 0)) }.sorted { $0.first < $1.first }
    }

    static func constraints(_ list: [Constraint]?) -> [String: String] {
        var out: [String: String] = [:]
        for constraint in list ?? [] {
            guard let name = constraint.name else { continue }
            switch constraint.constraint {
            case .value(let value)?:
                out[name] = (value.negated == true ? "!" : "") + (value.values ?? []).sorted().joined(separator: ",")
            case .limit(let limit)?:
                out[name] = "limit:\(limit.limit ?? 0)"
            case nil:
                continue
            }
        }
        return out
    }

    static func metadata(_ list: [Metadata]?) -> [String: String] {
        Dictionary((list ?? []).compactMap { item in item.key.map { ($0, item.value ?? "") } }, uniquingKeysWith: { first, _ in first })
    }

    static func container(_ container: Container?) -> Components.Schemas.ContainerSummary {
        switch container {
        case .docker(let docker)?:
            return .init(_type: .docker, image: docker.image)
        case .mesos(let mesos)?:
            if case .docker(let image)? = mesos.image { return .init(_type: .mesos, image: "\(image.name ?? ""):\(image.tag ?? "latest")") }
            return .init(_type: .mesos, image: nil)
        case nil:
            return .init(_type: .mesos, image: nil)
        }
    }

    static func taskConfig(_ task: TaskConfig?, withExecutorData: Bool = true) -> Components.Schemas.TaskConfigView {
        let task = task ?? TaskConfig()
        return .init(
            isService: task.isService ?? false, priority: Int(task.priority ?? 0), maxTaskFailures: Int(task.maxTaskFailures ?? 0),
            production: task.production ?? false, tier: task.tier, resources: resources(task.resources),
            constraints: .init(additionalProperties: constraints(task.constraints)),
            metadata: .init(additionalProperties: metadata(task.metadata)), container: container(task.container),
            contact: task.contactEmail,
            executor: task.executorConfig.map { .init(name: $0.name ?? "", data: withExecutorData ? $0.data : nil) })
    }

    static func configGroups(_ list: [ConfigGroup]?) -> [Components.Schemas.ConfigGroup] {
        (list ?? []).map { .init(instances: ranges($0.instances), task: taskConfig($0.config)) }
            .sorted { ($0.instances.first?.first ?? 0) < ($1.instances.first?.first ?? 0) }
    }

    static func instanceTaskConfigs(_ list: [InstanceTaskConfig]?) -> [Components.Schemas.ConfigGroup] {
        (list ?? []).map { .init(instances: ranges($0.instances), task: taskConfig($0.task)) }
    }

    static func task(_ scheduled: ScheduledTask) -> Components.Schemas.Task {
        let assigned = scheduled.assignedTask ?? AssignedTask()
        let ports = (assigned.assignedPorts ?? [:]).mapValues { Int($0) }
        return .init(
            taskId: assigned.taskId ?? "", instance: Int(assigned.instanceId ?? 0), status: status(scheduled.status),
            host: assigned.slaveHost, slaveId: assigned.slaveId, ports: ports.isEmpty ? nil : .init(additionalProperties: ports),
            failureCount: Int(scheduled.failureCount ?? 0),
            events: (scheduled.taskEvents ?? []).map { .init(time: date($0.timestamp), status: status($0.status), message: $0.message, scheduler: $0.scheduler) },
            ancestorId: scheduled.ancestorId)
    }

    static func status(_ status: ScheduleStatus?) -> Components.Schemas.TaskStatus {
        status.flatMap { Components.Schemas.TaskStatus(rawValue: $0.description) } ?? .pending
    }

    static func updateStatus(_ status: JobUpdateStatus?) -> Components.Schemas.UpdateStatus {
        status.flatMap { Components.Schemas.UpdateStatus(rawValue: $0.description) } ?? .error
    }

    static func hostStatus(_ host: HostStatus) -> Components.Schemas.HostStatus {
        .init(host: host.host ?? "", mode: host.mode.flatMap { Components.Schemas.MaintenanceMode(rawValue: $0.description) } ?? .none)
    }
}
