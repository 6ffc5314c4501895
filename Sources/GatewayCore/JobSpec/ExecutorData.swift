import AuroraThrift

/// The Thermos executor JSON (`ExecutorConfig.data`) that Aurora's Python client serialises from a `MesosJob`
/// (protocol.md §5.2): every schema default spelled out, optional fields only when set, `instances` and
/// `update_config` never. Ram and disk are in bytes here, MiB in the Thrift resources.
enum ExecutorData {
    /// Bytes per MiB.
    static let mebibyte = 1_048_576

    /// `lifecycle` is always the default HTTP lifecycle on the `health` port.
    static let lifecycle = CanonicalJSON.object([
        "http": .object([
            "graceful_shutdown_endpoint": .string("/quitquitquit"),
            "graceful_shutdown_wait_secs": .integer(5),
            "port": .string("health"),
            "shutdown_endpoint": .string("/abortabortabort"),
            "shutdown_wait_secs": .integer(5),
        ]),
    ])

    /// The whole document; `name` is the job name, `task.name` the first process's name (Thermos's default).
    static func document(_ spec: JobSpec, cluster: String, key: JobKey) -> CanonicalJSON {
        let policy = spec.cron?.collisionPolicy ?? .killExisting
        let metadata: [CanonicalJSON] = spec.metadata.sorted { $0.key < $1.key }.map { entry in
            CanonicalJSON.object(["key": .string(entry.key), "value": .string(entry.value)])
        }
        var job: [String: CanonicalJSON] = [
            "cluster": .string(cluster),
            "cron_collision_policy": .string(policy.rawValue),
            "enable_hooks": .bool(false),
            "environment": .string(key.environment ?? ""),
            "executor_config": .object(["data": .string(""), "name": .string(AuroraConstants.auroraExecutorName)]),
            "health_check_config": healthCheck(spec.healthCheck ?? JobSpec.HealthCheck()),
            "lifecycle": lifecycle,
            "max_task_failures": .integer(spec.maxTaskFailures),
            "metadata": .array(metadata),
            "name": .string(key.name ?? ""),
            "priority": .integer(spec.priority),
            "production": .bool(false),
            "role": .string(key.role ?? ""),
            "service": .bool(spec.isService),
            "task": task(spec),
        ]
        if let contact = spec.contact { job["contact"] = .string(contact) }
        if let tier = spec.tier { job["tier"] = .string(tier) }
        if let cron = spec.cron { job["cron_schedule"] = .string(cron.schedule) }
        if !spec.constraints.isEmpty { job["constraints"] = .object(spec.constraints.mapValues { CanonicalJSON.string($0) }) }
        if let container = spec.container { job["container"] = self.container(container) }
        return .object(job)
    }

    static func task(_ spec: JobSpec) -> CanonicalJSON {
        var constraints: [CanonicalJSON] = []
        if let order = spec.order {
            constraints.append(.object(["order": .array(order.map { CanonicalJSON.string($0) })]))
        }
        let resources: [String: CanonicalJSON] = [
            "cpu": .double(spec.resources.cpu),
            "disk": .integer(bytes(spec.resources.diskMb)),
            "gpu": .integer(spec.resources.gpus),
            "ram": .integer(bytes(spec.resources.ramMb)),
        ]
        return .object([
            "constraints": .array(constraints),
            "finalization_wait": .integer(spec.task.finalizationWait),
            "max_concurrency": .integer(spec.task.maxConcurrency),
            "max_failures": .integer(1),
            "name": .string(spec.processes.first?.name ?? ""),
            "processes": .array(spec.processes.map { process($0) }),
            "resources": .object(resources),
        ])
    }

    static func process(_ process: JobSpec.Process) -> CanonicalJSON {
        .object([
            "cmdline": .string(process.cmdline),
            "daemon": .bool(process.isDaemon),
            "ephemeral": .bool(process.isEphemeral),
            "final": .bool(process.isFinal),
            "max_failures": .integer(process.maxFailures),
            "min_duration": .integer(process.minDuration),
            "name": .string(process.name),
        ])
    }

    static func healthCheck(_ check: JobSpec.HealthCheck) -> CanonicalJSON {
        let checker: CanonicalJSON
        switch check.checker {
        case .http(let endpoint, let expectedResponse, let expectedResponseCode):
            checker = .object(["http": .object([
                "endpoint": .string(endpoint),
                "expected_response": .string(expectedResponse),
                "expected_response_code": .integer(expectedResponseCode),
            ])])
        case .shell(let command):
            checker = .object(["shell": .object(["shell_command": .string(command)])])
        }
        return .object([
            "health_checker": checker,
            "initial_interval_secs": .double(check.initialIntervalSecs),
            "interval_secs": .double(check.intervalSecs),
            "max_consecutive_failures": .integer(check.maxConsecutiveFailures),
            "min_consecutive_successes": .integer(check.minConsecutiveSuccesses),
            "timeout_secs": .double(check.timeoutSecs),
        ])
    }

    /// The pystachio `Docker` or `Mesos` value, serialised as the Python client does (a `Choice` is written unwrapped).
    static func container(_ container: JobSpec.ContainerSpec) -> CanonicalJSON {
        switch container {
        case .docker(let image, let parameters):
            let list = parameters.map { CanonicalJSON.object(["name": .string($0.name), "value": .string($0.value)]) }
            return .object(["image": .string(image), "parameters": .array(list)])
        case .mesos(let image):
            var mesos: [String: CanonicalJSON] = ["volumes": .array([])]
            switch image {
            case .docker(let name, let tag)?:
                mesos["image"] = .object(["name": .string(name), "tag": .string(tag)])
            case .appc(let name, let imageId)?:
                mesos["image"] = .object(["image_id": .string(imageId), "name": .string(name)])
            case nil:
                break
            }
            return .object(mesos)
        }
    }

    /// MiB to bytes, saturating instead of trapping.
    static func bytes(_ mebibytes: Int) -> Int {
        let (product, overflow) = mebibytes.multipliedReportingOverflow(by: mebibyte)
        return overflow ? (mebibytes < 0 ? Int.min : Int.max) : product
    }
}
