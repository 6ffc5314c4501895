/// The optional sections of a job spec: container, constraints, cron, metadata and health check.
extension SpecReader {
    static let healthCheckFields = [
        "http", "shell", "initial_interval_secs", "interval_secs", "max_consecutive_failures", "min_consecutive_successes", "timeout_secs",
    ]

    mutating func container(_ root: SpecFields) -> JobSpec.ContainerSpec? {
        guard let object = fields(root, "container", allowed: ["docker", "mesos"]) else { return nil }
        guard (object["docker"] != nil) != (object["mesos"] != nil) else {
            report(object.pointer, #"send exactly one of docker or mesos, e.g. {"docker": {"image": "alisw/slc8-builder:latest"}}"#)
            return nil
        }
        if let docker = fields(object, "docker", allowed: ["image", "parameters"]) {
            let hint = "a Docker image, e.g. alisw/slc8-builder:latest"
            let image = require(docker, "image", hint) ? string(docker, "image", hint) : nil
            let parameters = dockerParameters(docker)
            return image.map { JobSpec.ContainerSpec.docker(image: $0, parameters: parameters) }
        }
        guard let mesos = fields(object, "mesos", allowed: ["image"]) else { return nil }
        guard let image = fields(mesos, "image", allowed: ["docker", "appc"]) else { return .mesos(image: nil) }
        guard (image["docker"] != nil) != (image["appc"] != nil) else {
            report(image.pointer, #"send exactly one of docker {"name", "tag"} or appc {"name", "image_id"}"#)
            return nil
        }
        if let docker = fields(image, "docker", allowed: ["name", "tag"]) {
            let name = require(docker, "name", "the image name, e.g. alisw/slc8-builder") ? string(docker, "name", "the image name") : nil
            let tag = require(docker, "tag", "the image tag, e.g. latest") ? string(docker, "tag", "the image tag") : nil
            guard let name, let tag else { return nil }
            return .mesos(image: .docker(name: name, tag: tag))
        }
        guard let appc = fields(image, "appc", allowed: ["name", "image_id"]) else { return nil }
        let name = require(appc, "name", "the image name") ? string(appc, "name", "the image name") : nil
        let imageId = require(appc, "image_id", "the image id, e.g. sha512-…") ? string(appc, "image_id", "the image id") : nil
        guard let name, let imageId else { return nil }
        return .mesos(image: .appc(name: name, imageId: imageId))
    }

    /// `{"name": "value"}` or `{"name": ["value", "value"]}` for a repeated parameter; sorted by name.
    mutating func dockerParameters(_ docker: SpecFields) -> [JobSpec.Parameter] {
        guard let object = fields(docker, "parameters", allowed: nil) else { return [] }
        let hint = #"a string, or an array of strings for a repeated parameter, e.g. {"privileged": "true"}"#
        var parameters: [JobSpec.Parameter] = []
        for (name, value) in object.values.sorted(by: { $0.key < $1.key }) {
            let pointer = object.path(name)
            if name.isEmpty {
                report(pointer, "parameter names must not be empty: use the docker run option without dashes, e.g. privileged")
                continue
            }
            let json = SpecJSON(value)
            switch json {
            case .string(let string):
                parameters.append(JobSpec.Parameter(name: name, value: string))
            case .array(let items):
                for (index, item) in items.enumerated() {
                    if case .string(let string) = SpecJSON(item) {
                        parameters.append(JobSpec.Parameter(name: name, value: string))
                    } else {
                        report(SpecFields.pointer(appending: String(index), to: pointer), "expected a string: \(hint)")
                    }
                }
            default:
                report(pointer, "expected \(hint), got \(json.described)")
            }
        }
        return parameters
    }

    mutating func constraints(_ root: SpecFields) -> [String: String] {
        guard let object = fields(root, "constraints", allowed: nil) else { return [:] }
        var constraints: [String: String] = [:]
        for (name, value) in object.values.sorted(by: { $0.key < $1.key }) {
            let pointer = object.path(name)
            guard case .string(let text) = SpecJSON(value) else {
                report(pointer, #"expected a string: "value", "value1,value2", "!value" (anywhere but there) or "limit:N""#)
                continue
            }
            if !ThermosTemplate.isIdentifier(name) {
                report(pointer, "constraint names are host attributes matching ^[\\w\\-\\.]+$, e.g. host or rack")
            } else if let problem = Self.placementProblem(name: name, text: text) {
                report(pointer, problem)
            } else {
                constraints[name] = text
            }
        }
        return constraints
    }

    /// What is wrong with one constraint value, as Aurora's client and scheduler read it.
    static func placementProblem(name: String, text: String) -> String? {
        if text.hasPrefix("limit:") {
            guard let limit = Int32(text.dropFirst("limit:".count)), limit >= 1 else {
                return "limit:N needs a whole number N of at least 1 (tasks per \(name) value), e.g. limit:1"
            }
            return name == "dedicated" ? #"dedicated takes one value "<role>/<name>" or "*/<name>", not a limit"# : nil
        }
        let negated = text.hasPrefix("!")
        let values = (negated ? text.dropFirst() : Substring(text)).split(separator: ",", omittingEmptySubsequences: false)
        if values.contains(where: \.isEmpty) {
            return #"values are separated by commas, none empty: "x", "x,y", "!x,y" (not on x or y) or "limit:N""#
        }
        if name == "dedicated", negated || values.count != 1 || !values[0].contains("/" as Character) {
            return #"dedicated takes one value "<role>/<name>" or "*/<name>" matching the job's role"#
        }
        return nil
    }

    mutating func cron(_ root: SpecFields) -> JobSpec.Cron? {
        guard let object = fields(root, "cron", allowed: ["schedule", "collision_policy"]) else { return nil }
        let hint = #"five crontab fields (minute hour day-of-month month day-of-week), e.g. "*/30 * * * *""#
        let schedule = require(object, "schedule", hint) ? string(object, "schedule", hint) : nil
        if let schedule, schedule.split(whereSeparator: { $0 == " " || $0 == "\t" }).count != 5 {
            report(object.path("schedule"), "must have \(hint)")
        }
        var policy = JobSpec.CollisionPolicy.killExisting
        if let name = string(object, "collision_policy", "KILL_EXISTING or CANCEL_NEW") {
            if let known = JobSpec.CollisionPolicy(rawValue: name.uppercased()) {
                policy = known
            } else {
                let note = name.uppercased() == "RUN_OVERLAP" ? "RUN_OVERLAP is deprecated and rejected by the scheduler" : "unknown policy \(name)"
                report(object.path("collision_policy"), "\(note): send KILL_EXISTING (the default) or CANCEL_NEW")
            }
        }
        return schedule.map { JobSpec.Cron(schedule: $0, collisionPolicy: policy) }
    }

    /// An object of strings (metadata), keys non-empty.
    mutating func stringMap(_ root: SpecFields, _ key: String, _ hint: String) -> [String: String] {
        guard let object = fields(root, key, allowed: nil) else { return [:] }
        var map: [String: String] = [:]
        for (name, value) in object.values.sorted(by: { $0.key < $1.key }) {
            let json = SpecJSON(value)
            if name.isEmpty {
                report(object.path(name), "keys must not be empty: \(hint)")
            } else if case .string(let string) = json {
                map[name] = string
            } else {
                report(object.path(name), "expected a string, got \(json.described) (quote numbers): \(hint)")
            }
        }
        return map
    }

    mutating func healthCheck(_ root: SpecFields) -> JobSpec.HealthCheck? {
        guard let object = fields(root, "health_check", allowed: Self.healthCheckFields) else { return nil }
        var checker = JobSpec.HealthChecker.http()
        if (object["http"] != nil) == (object["shell"] != nil) {
            report(object.pointer, #"send exactly one of http {"endpoint": "/health", "expected_response": "ok"} or shell {"shell_command": "…"}"#)
        } else if let http = fields(object, "http", allowed: ["endpoint", "expected_response", "expected_response_code"]) {
            let endpoint = string(http, "endpoint", "a path on the health port, e.g. /health") ?? "/health"
            if !endpoint.hasPrefix("/") { report(http.path("endpoint"), "must start with /, e.g. /health") }
            let response = string(http, "expected_response", "the body a healthy task answers, e.g. ok", allowingEmpty: true) ?? "ok"
            let code = integer(http, "expected_response_code", in: 0...599, "an HTTP status such as 200, or 0 to compare the body") ?? 0
            checker = .http(endpoint: endpoint, expectedResponse: response, expectedResponseCode: code)
        } else if let shell = fields(object, "shell", allowed: ["shell_command"]) {
            let hint = "a command that exits 0 when the task is healthy"
            if require(shell, "shell_command", hint), let command = string(shell, "shell_command", hint) {
                checker = .shell(command: command)
            }
        }
        let failuresHint = "failed checks in a row before the task is killed, e.g. 0"
        let successesHint = "passed checks in a row before the task counts as healthy, e.g. 1"
        return JobSpec.HealthCheck(
            checker: checker,
            initialIntervalSecs: number(object, "initial_interval_secs", allowingZero: true, "seconds before the first check, e.g. 15") ?? 15,
            intervalSecs: number(object, "interval_secs", "seconds between checks, e.g. 10") ?? 10,
            maxConsecutiveFailures: integer(object, "max_consecutive_failures", in: 0...Self.maxInt32, failuresHint) ?? 0,
            minConsecutiveSuccesses: integer(object, "min_consecutive_successes", in: 1...Self.maxInt32, successesHint) ?? 1,
            timeoutSecs: number(object, "timeout_secs", "seconds one check may take, e.g. 1") ?? 1
        )
    }
}
