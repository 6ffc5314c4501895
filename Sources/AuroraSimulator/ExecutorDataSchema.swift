/// The pystachio schema the Thermos executor loads `ExecutorConfig.data` with (`MesosJob.json_loads`, protocol.md
/// §5.2) as JSON types: which attributes each struct has, which must be present (pystachio's `Required` ones plus the
/// defaults Aurora's client always writes) and that nothing else may appear, as pystachio rejects unknown attributes.
/// It is stricter than pystachio in one way: a value must already have its type (no `"5"` for an integer).
indirect enum ExecutorDataSchema: Sendable {
    case string
    case integer
    /// A pystachio `Float`: any JSON number.
    case number
    case bool
    /// A pystachio `Enum`: one of these strings.
    case oneOf([String])
    /// A `Map(String, String)`.
    case stringMap
    case list(ExecutorDataSchema)
    /// A `Struct` with its name (for messages) and attributes.
    case object(String, [String: Attribute])
    /// A struct whose attributes the simulator does not check.
    case anyObject
    /// A pystachio `Choice`: the value must match one of the alternatives, described for messages.
    case choice(String, [ExecutorDataSchema])

    /// One attribute of a struct.
    struct Attribute: Sendable {
        let schema: ExecutorDataSchema
        let isRequired: Bool

        static func required(_ schema: ExecutorDataSchema) -> Attribute { Attribute(schema: schema, isRequired: true) }
        static func optional(_ schema: ExecutorDataSchema) -> Attribute { Attribute(schema: schema, isRequired: false) }
    }

    // MARK: - The schema

    /// The whole document.
    static let mesosJob = ExecutorDataSchema.object("MesosJob", [
        "name": .required(.string), "role": .required(.string), "cluster": .required(.string),
        "environment": .required(.string), "task": .required(task),
        "cron_collision_policy": .required(.string),
        "metadata": .required(.list(.object("Metadata", ["key": .required(.string), "value": .required(.string)]))),
        "service": .required(.bool), "max_task_failures": .required(.integer), "production": .required(.bool),
        "priority": .required(.integer), "health_check_config": .required(healthCheckConfig),
        "lifecycle": .required(lifecycle),
        "executor_config": .required(.object("ExecutorConfig", ["name": .optional(.string), "data": .optional(.string)])),
        "enable_hooks": .required(.bool),
        "contact": .optional(.string), "tier": .optional(.string), "cron_schedule": .optional(.string),
        "constraints": .optional(.stringMap), "task_links": .optional(.stringMap),
        "announce": .optional(.object("Announcer", [
            "primary_port": .optional(.string), "portmap": .optional(.stringMap), "zk_path": .optional(.string),
        ])),
        "partition_policy": .optional(.object("PartitionPolicy", [
            "reschedule": .optional(.bool), "delay_secs": .optional(.integer),
        ])),
        "sla_policy": .optional(.anyObject), "container": .optional(container),
        "instances": .optional(.integer), "update_config": .optional(.anyObject),
    ])

    static let task = ExecutorDataSchema.object("Task", [
        "name": .required(.string), "processes": .required(.list(process)),
        "constraints": .required(.list(.object("Constraint", ["order": .optional(.list(.string))]))),
        "resources": .required(resources), "max_failures": .required(.integer), "max_concurrency": .required(.integer),
        "finalization_wait": .required(.integer), "user": .optional(.string),
    ])

    static let process = ExecutorDataSchema.object("Process", [
        "name": .required(.string), "cmdline": .required(.string), "max_failures": .required(.integer),
        "daemon": .required(.bool), "ephemeral": .required(.bool), "min_duration": .required(.integer),
        "final": .required(.bool), "resources": .optional(resources),
        "logger": .optional(.object("Logger", [
            "destination": .optional(.oneOf(["file", "console", "both", "none"])),
            "mode": .optional(.oneOf(["standard", "rotate"])),
            "rotate": .optional(.object("RotatePolicy", ["log_size": .optional(.integer), "backups": .optional(.integer)])),
        ])),
    ])

    /// Ram and disk are bytes.
    static let resources = ExecutorDataSchema.object("Resources", [
        "cpu": .required(.number), "ram": .required(.integer), "disk": .required(.integer), "gpu": .required(.integer),
    ])

    static let healthCheckConfig = ExecutorDataSchema.object("HealthCheckConfig", [
        "health_checker": .optional(.object("HealthCheckerConfig", [
            "http": .optional(.object("HttpHealthChecker", [
                "endpoint": .optional(.string), "expected_response": .optional(.string),
                "expected_response_code": .optional(.integer),
            ])),
            "shell": .optional(.object("ShellHealthChecker", ["shell_command": .required(.string)])),
        ])),
        "initial_interval_secs": .optional(.number), "interval_secs": .optional(.number),
        "max_consecutive_failures": .optional(.integer), "min_consecutive_successes": .optional(.integer),
        "timeout_secs": .optional(.number),
    ])

    static let lifecycle = ExecutorDataSchema.object("LifecycleConfig", [
        "http": .optional(.object("HttpLifecycleConfig", [
            "port": .optional(.string), "graceful_shutdown_endpoint": .optional(.string),
            "shutdown_endpoint": .optional(.string), "graceful_shutdown_wait_secs": .optional(.integer),
            "shutdown_wait_secs": .optional(.integer),
        ])),
    ])

    /// `Choice([Container, Docker, Mesos])`; the client writes the chosen `Docker` or `Mesos` unwrapped.
    static let container = ExecutorDataSchema.choice("a Docker, Mesos or Container object", [
        docker, mesos, .object("Container", ["docker": .optional(docker)]),
    ])

    static let docker = ExecutorDataSchema.object("Docker", [
        "image": .required(.string),
        "parameters": .optional(.list(.object("Parameter", ["name": .required(.string), "value": .required(.string)]))),
    ])

    static let mesos = ExecutorDataSchema.object("Mesos", [
        "image": .optional(.choice("an AppcImage or DockerImage object", [
            .object("AppcImage", ["name": .required(.string), "image_id": .required(.string)]),
            .object("DockerImage", ["name": .required(.string), "tag": .required(.string)]),
        ])),
        "volumes": .optional(.list(.object("Volume", [
            "container_path": .required(.string), "host_path": .required(.string), "mode": .required(.oneOf(["RO", "RW"])),
        ]))),
    ])

    // MARK: - Checking

    /// Throws for the first place where `value` (JSONSerialization output found at `path`) does not fit the schema;
    /// attributes are visited in name order so that the first problem is always the same one.
    func check(_ value: Any, at path: String) throws(ConfigError) {
        let json = ParsedJSON(value)
        switch (self, json) {
        case (.string, .string), (.integer, .integer), (.number, .integer), (.number, .number), (.bool, .bool),
             (.anyObject, .object):
            return
        case (.oneOf(let names), .string(let text)) where names.contains(text):
            return
        case (.stringMap, .object(let members)):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                try ExecutorDataSchema.string.check(member, at: Self.join(path, key))
            }
        case (.list(let element), .array(let items)):
            for (index, item) in items.enumerated() {
                try element.check(item, at: "\(path)[\(index)]")
            }
        case (.object(let name, let attributes), .object(let members)):
            for key in members.keys.sorted() where attributes[key] == nil {
                throw ExecutorDataValidator.invalid(Self.join(path, key), "is not an attribute of \(name)")
            }
            for (key, attribute) in attributes.sorted(by: { $0.key < $1.key }) {
                if let member = members[key] {
                    try attribute.schema.check(member, at: Self.join(path, key))
                } else if attribute.isRequired {
                    throw ExecutorDataValidator.invalid(Self.join(path, key), "is required")
                }
            }
        case (.choice(let description, let alternatives), _):
            for alternative in alternatives {
                do {
                    try alternative.check(value, at: path)
                    return
                } catch {
                    continue
                }
            }
            throw ExecutorDataValidator.invalid(path, "must be \(description)")
        default:
            throw ExecutorDataValidator.invalid(path, "must be \(expectation)")
        }
    }

    /// What a value of this schema is, for messages.
    private var expectation: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .bool: "a boolean"
        case .oneOf(let names): "one of \(names.joined(separator: ", "))"
        case .stringMap: "an object of strings"
        case .list: "a list"
        case .object(let name, _): "an object (\(name))"
        case .anyObject: "an object"
        case .choice(let description, _): description
        }
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
