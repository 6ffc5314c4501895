import AuroraThrift

/// A configuration Aurora would reject; `message` is the scheduler's wording.
struct ConfigError: Error, Equatable {
    let message: String
}

/// Validates and populates job and task configurations like Aurora's `ConfigurationManager`
/// (same checks, same messages, same defaults). With an `executorData` validator it also checks the Thermos
/// executor JSON, which Aurora itself never parses (see ``ExecutorDataValidator``).
struct ConfigValidator {
    let allowedEnvironments: Regex<AnyRegexOutput>
    let environmentPattern: String
    let executorData: ExecutorDataValidator?

    init(allowedEnvironments pattern: String, executorData: ExecutorDataValidator? = nil) throws {
        allowedEnvironments = try Regex(pattern)
        environmentPattern = pattern
        self.executorData = executorData
    }

    /// Checks a whole job; returns its id and the job with a populated task config.
    func validate(job: JobConfiguration) throws(ConfigError) -> (JobID, JobConfiguration) {
        guard let taskConfig = job.taskConfig else {
            throw ConfigError(message: "Job configuration must have taskConfig set.")
        }
        guard let count = job.instanceCount, count > 0 else {
            throw ConfigError(message: "Instance count must be positive.")
        }
        guard let id = Self.validID(job.key) else {
            throw ConfigError(message: "Job key \(Self.javaDescription(job.key)) is invalid.")
        }
        guard (try? allowedEnvironments.wholeMatch(in: id.environment)) != nil else {
            throw ConfigError(message: "Job environment \(id.environment) doesn't match: \(environmentPattern)")
        }
        if let owner = job.owner, !isGoodIdentifier(owner.user) {
            throw ConfigError(message: "Job user contains illegal characters: \(owner.user ?? "null")")
        }
        var populated = job
        populated.taskConfig = try validate(task: taskConfig)
        if JobID(taskConfig.job) != id {
            throw ConfigError(message: "Task job key \(Self.javaDescription(taskConfig.job)) does not match job key \(id).")
        }
        if let cron = job.cronSchedule, !cron.isEmpty, populated.taskConfig?.isService == true {
            throw ConfigError(message: "A service task may not be run on a cron schedule: \(id)")
        }
        if populated.cronCollisionPolicy == nil { populated.cronCollisionPolicy = .killExisting }
        return (id, populated)
    }

    /// Checks one task config; returns it with Aurora's defaults filled in and its sets in a stable order.
    func validate(task: TaskConfig) throws(ConfigError) -> TaskConfig {
        var config = task
        if let tier = config.tier, !isGoodIdentifier(tier) {
            throw ConfigError(message: "Tier contains illegal characters: \(tier)")
        }
        if let tier = config.tier, Tier.named(tier) == nil {
            throw ConfigError(message: "Invalid tier '\(tier)' in TaskConfig.")
        }
        guard let id = Self.validID(config.job) else {
            throw ConfigError(message: "Job key \(Self.javaDescription(config.job)) is invalid.")
        }
        guard (try? allowedEnvironments.wholeMatch(in: id.environment)) != nil else {
            throw ConfigError(message: "Job environment \(id.environment) doesn't match: \(environmentPattern)")
        }
        if let owner = config.owner, let user = owner.user, !isGoodIdentifier(user) {
            throw ConfigError(message: "Job user contains illegal characters: \(user)")
        }
        var isDocker = false
        if case .docker(let docker)? = config.container {
            isDocker = true
            if docker.image == nil { throw ConfigError(message: "A container must specify an image.") }
        }
        if let executor = config.executorConfig {
            guard let name = executor.name else { throw ConfigError(message: "Executor name may not be left unset.") }
            if name != AuroraConstants.auroraExecutorName {
                throw ConfigError(message: "Configuration for executor '\(name)' doesn't exist.")
            }
        } else if !isDocker {
            throw ConfigError(message: "Configuration may not be null.")
        }
        try Self.checkResources(config.resources ?? [])
        if let executorData, let executor = config.executorConfig, executor.name == AuroraConstants.auroraExecutorName {
            try executorData.validate(executor.data, of: config, job: id)
        }

        config.isService = config.isService ?? false
        config.priority = config.priority ?? 0
        config.maxTaskFailures = config.maxTaskFailures ?? 1
        config.constraints = (config.constraints ?? []).sorted { ($0.name ?? "") < ($1.name ?? "") }
        config.container = config.container ?? .mesos(MesosContainer())
        config.metadata = config.metadata.map { $0.sorted { ($0.key ?? "", $0.value ?? "") < ($1.key ?? "", $1.value ?? "") } }
        config.resources = (config.resources ?? []).sorted(by: Self.resourceOrder)
        let tier = Tier.named(config.tier ?? (config.production == true ? "preferred" : Tier.defaultName)) ?? Tier.all[1]
        config.tier = tier.name
        config.production = tier.isProduction
        if (config.taskLinks ?? [:]).isEmpty {
            var links: [String: String] = [:]
            for case .namedPort(let port) in config.resources ?? [] where port == "health" || port == "http" {
                links[port] = "http://%host%:%port:\(port)%"
            }
            config.taskLinks = links
        }
        return config
    }

    // MARK: - Helpers

    static func validID(_ key: JobKey?) -> JobID? {
        guard let id = JobID(key), isGoodIdentifier(id.role), isGoodIdentifier(id.environment), isGoodIdentifier(id.name)
        else { return nil }
        return id
    }

    /// Thrift-Java's `JobKey.toString()`, used in Aurora's messages.
    static func javaDescription(_ key: JobKey?) -> String {
        guard let key else { return "null" }
        return "JobKey(role:\(key.role ?? "null"), environment:\(key.environment ?? "null"), name:\(key.name ?? "null"))"
    }

    private static func checkResources(_ resources: [Resource]) throws(ConfigError) {
        var counts: [String: Int] = [:]
        for resource in resources {
            switch resource {
            case .numCpus: counts["CPU", default: 0] += 1
            case .ramMb: counts["RAM", default: 0] += 1
            case .diskMb: counts["DISK", default: 0] += 1
            case .numGpus: counts["GPU", default: 0] += 1
            case .namedPort: break
            }
        }
        let repeated = counts.filter { $0.value > 1 }.keys.sorted()
        if !repeated.isEmpty {
            throw ConfigError(message: "Multiple resource values are not supported for \(repeated.joined(separator: ", "))")
        }
        let totals = ResourceTotals(resources)
        if totals.cpus <= 0 { throw ConfigError(message: "num_cpus must be greater than 0.0") }
        if totals.ramMb <= 0 { throw ConfigError(message: "ram_mb must be greater than 0.0") }
        if totals.diskMb <= 0 { throw ConfigError(message: "disk_mb must be greater than 0.0") }
        if totals.gpus > 0 { throw ConfigError(message: "GPU resource support is disabled in this cluster.") }
    }

    /// A total order on resources so that equal sets compare equal as arrays.
    private static func resourceOrder(_ lhs: Resource, _ rhs: Resource) -> Bool {
        func key(_ resource: Resource) -> (Int, Double, String) {
            switch resource {
            case .numCpus(let value): return (1, value, "")
            case .ramMb(let value): return (2, Double(value), "")
            case .diskMb(let value): return (3, Double(value), "")
            case .namedPort(let name): return (4, 0, name)
            case .numGpus(let value): return (5, Double(value), "")
            }
        }
        let (a, b) = (key(lhs), key(rhs))
        return (a.0, a.1, a.2) < (b.0, b.1, b.2)
    }
}
