/// A job as users send it (contract §4), after validation by ``JobSpecDecoder``; ``JobSpecTranslator`` turns it
/// into the Thrift `JobConfiguration` and the Thermos executor JSON that Aurora's Python client would build from an
/// equivalent `.aurora` file. Every field holds the value used, defaults included.
public struct JobSpec: Sendable, Equatable {
    /// Number of instances (tasks), 1…10000; default 1.
    public var instances: Int
    /// Whether finished tasks are restarted (`Service` in `.aurora` files); default false.
    public var isService: Bool
    /// The scheduler tier (stock Aurora: `preferred`, `preemptible`, `revocable`); nil leaves it to the scheduler.
    public var tier: String?
    /// Preemption priority; default 0.
    public var priority: Int
    /// Task failures after which the job counts as failed (-1 = unlimited); default 1.
    public var maxTaskFailures: Int
    /// Contact e-mail shown in the scheduler UI.
    public var contact: String?
    /// CPU, memory, disk, GPUs and named ports of each task.
    public var resources: Resources
    /// The Thermos processes of each task, at least one.
    public var processes: [Process]
    /// Process names that run one after another (a Thermos `order` constraint); nil runs them all at once.
    public var order: [String]?
    /// Thermos task settings.
    public var task: TaskSettings
    /// The container; nil is Aurora's default (a plain Mesos container).
    public var container: ContainerSpec?
    /// Placement constraints by host attribute, in Aurora's text form (`"x"`, `"!x,y"`, `"limit:N"`).
    public var constraints: [String: String]
    /// The cron schedule; nil for a job that runs once created.
    public var cron: Cron?
    /// Key/value pairs shown in the scheduler UI.
    public var metadata: [String: String]
    /// The health check; nil means the executor defaults (HTTP `/health` expecting `ok`).
    public var healthCheck: HealthCheck?

    /// Creates a spec; the defaults are those of the contract and of Aurora's schema.
    public init(
        instances: Int = 1,
        isService: Bool = false,
        tier: String? = nil,
        priority: Int = 0,
        maxTaskFailures: Int = 1,
        contact: String? = nil,
        resources: Resources,
        processes: [Process],
        order: [String]? = nil,
        task: TaskSettings = TaskSettings(),
        container: ContainerSpec? = nil,
        constraints: [String: String] = [:],
        cron: Cron? = nil,
        metadata: [String: String] = [:],
        healthCheck: HealthCheck? = nil
    ) {
        self.instances = instances
        self.isService = isService
        self.tier = tier
        self.priority = priority
        self.maxTaskFailures = maxTaskFailures
        self.contact = contact
        self.resources = resources
        self.processes = processes
        self.order = order
        self.task = task
        self.container = container
        self.constraints = constraints
        self.cron = cron
        self.metadata = metadata
        self.healthCheck = healthCheck
    }

    /// Every named port the tasks get, sorted: `resources.ports` plus each `{{thermos.ports[name]}}` a command line
    /// uses (the Python client requests referenced ports the same way).
    public var requestedPorts: [String] {
        var ports = Set(resources.ports)
        for process in processes {
            for reference in ThermosTemplate.references(in: process.cmdline) {
                if let port = ThermosTemplate.portName(reference) { ports.insert(port) }
            }
        }
        return ports.sorted()
    }
}

extension JobSpec {
    /// What each task needs from its agent.
    public struct Resources: Sendable, Equatable {
        /// CPU cores, > 0.
        public var cpu: Double
        /// Memory in MiB, > 0.
        public var ramMb: Int
        /// Disk in MiB, > 0.
        public var diskMb: Int
        /// Whole GPUs; default 0 (most clusters allow none).
        public var gpus: Int
        /// Named ports to allocate (`http`, `health`, …).
        public var ports: [String]

        /// Creates resources.
        public init(cpu: Double, ramMb: Int, diskMb: Int, gpus: Int = 0, ports: [String] = []) {
            self.cpu = cpu
            self.ramMb = ramMb
            self.diskMb = diskMb
            self.gpus = gpus
            self.ports = ports
        }
    }

    /// One Thermos process.
    public struct Process: Sendable, Equatable {
        /// Unique within the task, matching `^[\w\-\.]+$`.
        public var name: String
        /// The shell command; may use `{{mesos.instance}}`, `{{mesos.hostname}}`, `{{thermos.task_id}}`, `{{thermos.ports[name]}}`.
        public var cmdline: String
        /// Runs before the process counts as failed (0 = retry forever); default 1.
        public var maxFailures: Int
        /// Restarted even when it succeeds; default false.
        public var isDaemon: Bool
        /// Its failure does not fail the task; default false.
        public var isEphemeral: Bool
        /// Seconds between runs; default 5.
        public var minDuration: Int
        /// Runs during finalization, after the others end; default false.
        public var isFinal: Bool

        /// Creates a process with Thermos's defaults.
        public init(name: String, cmdline: String, maxFailures: Int = 1, isDaemon: Bool = false, isEphemeral: Bool = false,
                    minDuration: Int = 5, isFinal: Bool = false) {
            self.name = name
            self.cmdline = cmdline
            self.maxFailures = maxFailures
            self.isDaemon = isDaemon
            self.isEphemeral = isEphemeral
            self.minDuration = minDuration
            self.isFinal = isFinal
        }
    }

    /// Thermos task settings.
    public struct TaskSettings: Sendable, Equatable {
        /// Processes running at once (0 = no limit); default 0.
        public var maxConcurrency: Int
        /// Seconds the finalizing processes get; default 30.
        public var finalizationWait: Int

        /// Creates settings with Thermos's defaults.
        public init(maxConcurrency: Int = 0, finalizationWait: Int = 30) {
            self.maxConcurrency = maxConcurrency
            self.finalizationWait = finalizationWait
        }
    }
}
