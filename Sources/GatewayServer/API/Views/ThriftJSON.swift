import AuroraThrift
import Foundation
import GatewayCore

/// A job configuration as plain JSON with Thrift's field names in snake_case, for `job.inspect`: exactly what
/// would be sent to the scheduler, nothing launched.
enum ThriftJSON {
    static func jobConfiguration(_ config: JobConfiguration) -> [String: (any Sendable)?] {
        var out: [String: (any Sendable)?] = [:]
        out["key"] = config.key.map(jobKey)
        out["owner"] = config.owner.map { ["user": $0.user] as [String: (any Sendable)?] }
        out["cron_schedule"] = config.cronSchedule
        out["cron_collision_policy"] = config.cronCollisionPolicy?.description
        out["instance_count"] = config.instanceCount.map(Int.init)
        out["task_config"] = config.taskConfig.map(taskConfig)
        return out
    }

    static func jobKey(_ key: JobKey) -> [String: (any Sendable)?] {
        ["role": key.role, "environment": key.environment, "name": key.name]
    }

    static func taskConfig(_ task: TaskConfig) -> [String: (any Sendable)?] {
        var out: [String: (any Sendable)?] = [:]
        out["job"] = task.job.map(jobKey)
        out["owner"] = task.owner.map { ["user": $0.user] as [String: (any Sendable)?] }
        out["is_service"] = task.isService
        out["priority"] = task.priority.map(Int.init)
        out["max_task_failures"] = task.maxTaskFailures.map(Int.init)
        out["production"] = task.production
        out["tier"] = task.tier
        out["resources"] = (task.resources ?? []).map(resource)
        out["constraints"] = ThriftViews.constraints(task.constraints)
        out["metadata"] = ThriftViews.metadata(task.metadata)
        out["contact_email"] = task.contactEmail
        out["task_links"] = task.taskLinks ?? [:]
        out["container"] = task.container.map(container)
        out["executor_config"] = task.executorConfig.map { ["name": $0.name, "data": $0.data] as [String: (any Sendable)?] }
        return out
    }

    static func resource(_ resource: Resource) -> [String: any Sendable] {
        switch resource {
        case .numCpus(let value): return ["num_cpus": value]
        case .ramMb(let value): return ["ram_mb": Int(value)]
        case .diskMb(let value): return ["disk_mb": Int(value)]
        case .numGpus(let value): return ["num_gpus": Int(value)]
        case .namedPort(let name): return ["named_port": name]
        }
    }

    static func container(_ container: Container) -> [String: any Sendable] {
        switch container {
        case .docker(let docker):
            let parameters = (docker.parameters ?? []).map { ["name": $0.name ?? "", "value": $0.value ?? ""] }
            return ["docker": ["image": docker.image ?? "", "parameters": parameters] as [String: any Sendable]]
        case .mesos(let mesos):
            if case .docker(let image)? = mesos.image {
                return ["mesos": ["image": ["docker": ["name": image.name ?? "", "tag": image.tag ?? ""]]]]
            }
            return ["mesos": [String: String]()]
        }
    }
}

extension ThriftJSON {
    /// A parsed JSON value (from JSONSerialization) as a Sendable tree the OpenAPI runtime accepts.
    static func sendable(_ value: Any) -> (any Sendable)? {
        // The job-spec decoder's classification: on Linux `as? Bool` also matches the NSNumbers 0 and 1.
        switch SpecJSON(value) {
        case .string(let text): return text
        case .bool(let flag): return flag
        case .integer(let number): return Int(number)
        case .number(let number): return number
        case .array(let list): return list.map(sendable)
        case .object(let object): return object.mapValues(sendable)
        case .null, .unsupported: return nil
        }
    }
}
