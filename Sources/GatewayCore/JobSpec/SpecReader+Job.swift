/// The top level, resources, processes, order and task settings of a job spec.
extension SpecReader {
    static let topLevelFields = [
        "instances", "service", "tier", "priority", "max_task_failures", "contact", "resources", "processes", "order",
        "task", "container", "constraints", "cron", "metadata", "health_check",
    ]
    static let resourceFields = ["cpu", "ram_mb", "disk_mb", "gpus", "ports"]
    static let processFields = ["name", "cmdline", "max_failures", "daemon", "ephemeral", "min_duration", "final"]
    static let maxInt32 = Int(Int32.max)
    /// The largest MiB count whose byte count still fits the executor's integers.
    static let maxMebibytes = Int.max / 1_048_576

    /// The whole spec, or nil when something required is unusable (reported).
    mutating func jobSpec(_ value: Any) -> JobSpec? {
        guard let root = fields(value, at: "", allowed: Self.topLevelFields) else { return nil }
        let instances = integer(root, "instances", in: 1...JobSpecDecoder.maxInstances, "the number of tasks, e.g. 2") ?? 1
        let service = bool(root, "service", default: false)
        let tier = string(root, "tier", "a tier the scheduler knows, e.g. preferred, preemptible or revocable")
        if let tier, !ThermosTemplate.isPortName(tier) {
            report(root.path("tier"), "must match ^[\\w\\-]+$: a tier the scheduler knows, e.g. preferred, preemptible or revocable")
        }
        let priority = integer(root, "priority", in: 0...Self.maxInt32, "the preemption priority, e.g. 0") ?? 0
        let maxTaskFailures = integer(root, "max_task_failures", in: -1...Self.maxInt32,
                                      "task failures before the job counts as failed, e.g. 1; -1 for unlimited") ?? 1
        let contact = string(root, "contact", "an e-mail address, e.g. someone@example.org")
        let resources = self.resources(root)
        let processes = self.processes(root)
        let order = self.order(root, processes: processes ?? [])
        let task = taskSettings(root)
        let container = self.container(root)
        let constraints = self.constraints(root)
        let cron = self.cron(root)
        let metadata = stringMap(root, "metadata", "text values shown in the scheduler UI, e.g. {\"pr\": \"1234\"}")
        let healthCheck = self.healthCheck(root)
        guard let resources, let processes else { return nil }
        return JobSpec(
            instances: instances, isService: service, tier: tier, priority: priority, maxTaskFailures: maxTaskFailures,
            contact: contact, resources: resources, processes: processes, order: order, task: task, container: container,
            constraints: constraints, cron: cron, metadata: metadata, healthCheck: healthCheck
        )
    }

    mutating func resources(_ root: SpecFields) -> JobSpec.Resources? {
        guard require(root, "resources", #"an object such as {"cpu": 0.5, "ram_mb": 1024, "disk_mb": 2048}"#),
              let object = fields(root, "resources", allowed: Self.resourceFields)
        else { return nil }
        let cpuHint = "CPU cores as a number, e.g. 0.5"
        let ramHint = "memory in MiB as a whole number, e.g. 1024"
        let diskHint = "disk in MiB as a whole number, e.g. 2048"
        let cpu = require(object, "cpu", cpuHint) ? number(object, "cpu", cpuHint) : nil
        let ram = require(object, "ram_mb", ramHint) ? integer(object, "ram_mb", in: 1...Self.maxMebibytes, ramHint) : nil
        let disk = require(object, "disk_mb", diskHint) ? integer(object, "disk_mb", in: 1...Self.maxMebibytes, diskHint) : nil
        let gpus = integer(object, "gpus", in: 0...1024, "whole GPUs, e.g. 0 (most clusters allow none)") ?? 0
        let ports = self.ports(object)
        guard let cpu, let ram, let disk else { return nil }
        return JobSpec.Resources(cpu: cpu, ramMb: ram, diskMb: disk, gpus: gpus, ports: ports)
    }

    mutating func ports(_ resources: SpecFields) -> [String] {
        let hint = #"port names such as ["http", "health"]"#
        var seen = Set<String>()
        var ports: [String] = []
        for port in strings(resources, "ports", hint) ?? [] {
            if !ThermosTemplate.isPortName(port.value) {
                report(port.pointer, "must match ^[\\w\\-]+$ (letters, digits, _ and -), e.g. http")
            } else if !seen.insert(port.value).inserted {
                report(port.pointer, "duplicate port \(port.value): list each port once")
            } else {
                ports.append(port.value)
            }
        }
        return ports
    }

    mutating func processes(_ root: SpecFields) -> [JobSpec.Process]? {
        let example = #"[{"name": "main", "cmdline": "./run.sh"}]"#
        guard require(root, "processes", "at least one process, e.g. \(example)"), let value = root["processes"] else { return nil }
        let pointer = root.path("processes")
        let json = SpecJSON(value)
        guard case .array(let items) = json, !items.isEmpty else {
            report(pointer, "expected a non-empty array of processes, got \(json.described): send e.g. \(example)")
            return nil
        }
        var processes: [JobSpec.Process] = []
        var firstIndex: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let object = fields(item, at: SpecFields.pointer(appending: String(index), to: pointer), allowed: Self.processFields)
            else { continue }
            if let parsed = process(object) {
                if let first = firstIndex[parsed.name] {
                    report(object.path("name"),
                           "duplicate process name \(parsed.name) (also \(pointer)/\(first)/name): give each process its own name")
                } else {
                    firstIndex[parsed.name] = index
                }
                processes.append(parsed)
            }
        }
        return processes
    }

    mutating func process(_ fields: SpecFields) -> JobSpec.Process? {
        let nameHint = "a name of letters, digits, _, - and ., unique in the job, e.g. build"
        let name = require(fields, "name", nameHint) ? string(fields, "name", nameHint) : nil
        if let name, !ThermosTemplate.isIdentifier(name) {
            report(fields.path("name"), "must match ^[\\w\\-\\.]+$: \(nameHint)")
        }
        let cmdlineHint = "the shell command to run, e.g. ./build.sh {{mesos.instance}}"
        let cmdline = require(fields, "cmdline", cmdlineHint) ? string(fields, "cmdline", cmdlineHint) : nil
        for reference in ThermosTemplate.references(in: cmdline ?? "") where !ThermosTemplate.isResolvable(reference) {
            report(fields.path("cmdline"),
                   "{{\(reference)}} is not filled in by the executor: use \(ThermosTemplate.allowedText), or write the value itself")
        }
        let maxFailures = integer(fields, "max_failures", in: 0...Self.maxInt32, "runs before the process fails, e.g. 1; 0 retries forever") ?? 1
        let daemon = bool(fields, "daemon", default: false)
        let ephemeral = bool(fields, "ephemeral", default: false)
        let minDuration = integer(fields, "min_duration", in: 0...Self.maxInt32, "seconds between runs, e.g. 5") ?? 5
        let isFinal = bool(fields, "final", default: false)
        guard let name, let cmdline else { return nil }
        return JobSpec.Process(name: name, cmdline: cmdline, maxFailures: maxFailures, isDaemon: daemon, isEphemeral: ephemeral,
                               minDuration: minDuration, isFinal: isFinal)
    }

    mutating func order(_ root: SpecFields, processes: [JobSpec.Process]) -> [String]? {
        let hint = #"process names in the order they run, e.g. ["setup", "build"]"#
        guard let items = strings(root, "order", hint) else { return nil }
        if items.isEmpty {
            report(root.path("order"), "must not be empty: \(hint), or leave order out")
            return nil
        }
        var names: [String] = []
        for process in processes where !names.contains(process.name) { names.append(process.name) }
        if names.isEmpty { return items.map(\.value) }
        var seen = Set<String>()
        for item in items {
            if !names.contains(item.value) {
                report(item.pointer, "no process is named \(item.value): name one of \(names.joined(separator: ", "))")
            } else if !seen.insert(item.value).inserted {
                report(item.pointer, "\(item.value) is listed twice: name each process once")
            }
        }
        return items.map(\.value)
    }

    mutating func taskSettings(_ root: SpecFields) -> JobSpec.TaskSettings {
        guard let object = fields(root, "task", allowed: ["max_concurrency", "finalization_wait"]) else { return JobSpec.TaskSettings() }
        let concurrency = integer(object, "max_concurrency", in: 0...Self.maxInt32, "processes running at once, e.g. 0 for no limit") ?? 0
        let wait = integer(object, "finalization_wait", in: 0...Self.maxInt32, "seconds for finalizing processes, e.g. 30") ?? 30
        return JobSpec.TaskSettings(maxConcurrency: concurrency, finalizationWait: wait)
    }
}
