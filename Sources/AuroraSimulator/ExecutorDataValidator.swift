import AuroraThrift
import Foundation

/// Checks the Thermos executor JSON of an `AuroraExecutor` task (`TaskConfig.executorConfig.data`) the way the
/// executor reads it, and its agreement with the Thrift config around it.
///
/// The executor loads the data with pystachio's `MesosJob.json_loads` (protocol.md §5.2), so every attribute must
/// have its type and no unknown attribute may appear (``ExecutorDataSchema``). On top of that the task needs at least
/// one process, unique process names, `order` constraints that name its processes, and positive resources. The data
/// must also match the config it travels in: `role`, `environment` and `name` are the job key's, `cluster` is this
/// scheduler's, and `task.resources` equals the task's `Resource` set (`ram`/`disk` in bytes there, MiB in Thrift).
///
/// Aurora's scheduler never parses this data. It passes it to the executor unchanged, so a blob the executor cannot
/// load fails the task on the agent, not the RPC. The simulator is stricter on purpose: with
/// `SimulatorConfiguration.validatesExecutorData` set, it refuses such a config with INVALID_REQUEST. That gives tests
/// a peer that catches the gateway's translation mistakes. Each message names the path, e.g.
/// "Executor data is invalid: task.processes[1].max_failures must be an integer".
struct ExecutorDataValidator: Sendable {
    /// Bytes per MiB.
    static let mebibyte: Int64 = 1_048_576

    /// The scheduler's cluster name (`-cluster_name`); the data's `cluster` must equal it.
    let clusterName: String

    /// Throws the first problem of `data`, the executor data of `task`, whose validated job key is `job`.
    func validate(_ data: String?, of task: TaskConfig, job: JobID) throws(ConfigError) {
        guard let data else { throw Self.invalid("", "ExecutorConfig.data is not set") }
        guard !data.isEmpty else { throw Self.invalid("", "the data is not valid JSON (it is empty)") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(data.utf8))
        } catch {
            let reason = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String).map { " (\($0))" } ?? ""
            throw Self.invalid("", "the data is not valid JSON\(reason)")
        }
        guard case .object(let document) = ParsedJSON(parsed) else {
            throw Self.invalid("", "the data must be a JSON object")
        }
        try ExecutorDataSchema.mesosJob.check(parsed, at: "")
        let taskObject = document["task"] as? [String: Any] ?? [:]
        let names = try processNames(taskObject)
        try checkOrder(taskObject, names: names)
        try checkIdentity(document, job: job)
        try checkResources(taskObject["resources"] as? [String: Any] ?? [:], against: ResourceTotals(task.resources))
    }

    /// The error for a problem at `path` (empty for the whole document).
    static func invalid(_ path: String, _ problem: String) -> ConfigError {
        ConfigError(message: "Executor data is invalid: " + (path.isEmpty ? problem : "\(path) \(problem)"))
    }

    // MARK: - Checks that follow the schema check (types are known to be right)

    /// The names of the task's processes: at least one, each unique.
    private func processNames(_ task: [String: Any]) throws(ConfigError) -> Set<String> {
        let processes = task["processes"] as? [Any] ?? []
        if processes.isEmpty { throw Self.invalid("task.processes", "must list at least one process") }
        var names: Set<String> = []
        for (index, process) in processes.enumerated() {
            let name = (process as? [String: Any])?["name"] as? String ?? ""
            if !names.insert(name).inserted {
                throw Self.invalid("task.processes[\(index)].name", "repeats the process name '\(name)'")
            }
        }
        return names
    }

    /// Every name in an `order` constraint must be one of the task's processes.
    private func checkOrder(_ task: [String: Any], names: Set<String>) throws(ConfigError) {
        let constraints = task["constraints"] as? [Any] ?? []
        for (index, constraint) in constraints.enumerated() {
            let order = (constraint as? [String: Any])?["order"] as? [Any] ?? []
            for (position, entry) in order.enumerated() {
                guard let name = entry as? String, !names.contains(name) else { continue }
                let problem = "names '\(name)', which is not a process of the task"
                throw Self.invalid("task.constraints[\(index)].order[\(position)]", problem)
            }
        }
    }

    /// `role`, `environment` and `name` are the job key's; `cluster` is this scheduler's.
    private func checkIdentity(_ document: [String: Any], job: JobID) throws(ConfigError) {
        let expected: [(key: String, value: String, source: String)] = [
            ("role", job.role, "the job key's role"),
            ("environment", job.environment, "the job key's environment"),
            ("name", job.name, "the job key's name"),
            ("cluster", clusterName, "this scheduler's cluster"),
        ]
        for entry in expected {
            let actual = document[entry.key] as? String ?? ""
            if actual != entry.value {
                throw Self.invalid(entry.key, "is '\(actual)' but \(entry.source) is '\(entry.value)'")
            }
        }
    }

    /// Positive cpu, ram and disk, no negative gpu, and the same amounts as the task's `Resource` set.
    private func checkResources(_ resources: [String: Any], against totals: ResourceTotals) throws(ConfigError) {
        let cpu = ParsedJSON(resources["cpu"]).numberValue ?? 0
        let ram = ParsedJSON(resources["ram"]).integerValue ?? 0
        let disk = ParsedJSON(resources["disk"]).integerValue ?? 0
        if !(cpu > 0) { throw Self.invalid("task.resources.cpu", "must be greater than 0") }
        if ram <= 0 { throw Self.invalid("task.resources.ram", "must be greater than 0 bytes") }
        if disk <= 0 { throw Self.invalid("task.resources.disk", "must be greater than 0 bytes") }
        if let gpu = ParsedJSON(resources["gpu"]).integerValue, gpu < 0 {
            throw Self.invalid("task.resources.gpu", "must not be negative")
        }
        if cpu != totals.cpus {
            throw Self.invalid("task.resources.cpu", "is \(cpu) but the task's numCpus is \(totals.cpus)")
        }
        try checkBytes(ram, at: "task.resources.ram", mebibytes: totals.ramMb, field: "ramMb")
        try checkBytes(disk, at: "task.resources.disk", mebibytes: totals.diskMb, field: "diskMb")
    }

    private func checkBytes(_ bytes: Int, at path: String, mebibytes: Int64, field: String) throws(ConfigError) {
        let (expected, overflow) = mebibytes.multipliedReportingOverflow(by: Self.mebibyte)
        if overflow || Int64(bytes) != expected {
            let meaning = overflow ? "more than fits in 64 bits" : "\(expected) bytes"
            throw Self.invalid(path, "is \(bytes) bytes but the task's \(field) \(mebibytes) is \(meaning)")
        }
    }
}

/// One value of JSONSerialization output, with booleans, integers and other numbers told apart. Foundation gives
/// `NSNumber`s on Linux and Darwin alike (booleans with ObjC type `c`); plain Swift `Bool`, `Int` and `Double` values
/// are recognised as well. A number counts as an integer when it has no fractional part, however it was written
/// (`5` or `5.0`), as pystachio's `Integer` takes both; `5.5` does not.
enum ParsedJSON {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([Any])
    case object([String: Any])
    case other

    init(_ value: Any?) {
        guard let value else {
            self = .null
            return
        }
        let dynamicType = type(of: value)
        if value is NSNull {
            self = .null
        } else if let text = value as? String {
            self = .string(text)
        } else if let members = value as? [String: Any] {
            self = .object(members)
        } else if let items = value as? [Any] {
            self = .array(items)
        } else if dynamicType == Bool.self, let flag = value as? Bool {
            self = .bool(flag)
        } else if dynamicType == Int.self, let integer = value as? Int {
            self = .integer(integer)
        } else if dynamicType == Double.self, let double = value as? Double {
            self = Self.classify(double)
        } else if let number = value as? NSNumber {
            self = Self.classify(number)
        } else {
            self = .other
        }
    }

    /// The value of an integer.
    var integerValue: Int? {
        guard case .integer(let value) = self else { return nil }
        return value
    }

    /// The value of any number, integers included.
    var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    private static func classify(_ number: NSNumber) -> ParsedJSON {
        switch String(cString: number.objCType) {
        case "c", "B": .bool(number.boolValue)
        case "f", "d": classify(number.doubleValue)
        case "Q": Int(exactly: number.uint64Value).map(ParsedJSON.integer) ?? classify(number.doubleValue)
        default: Int(exactly: number.int64Value).map(ParsedJSON.integer) ?? classify(number.doubleValue)
        }
    }

    private static func classify(_ double: Double) -> ParsedJSON {
        Int(exactly: double).map(ParsedJSON.integer) ?? .number(double)
    }
}
