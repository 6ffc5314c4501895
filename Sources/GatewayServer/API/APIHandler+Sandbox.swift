import AuroraThrift
import Crypto
import GatewayAPI
import GatewayCore
import SchedulerClient

extension APIHandler {
    /// `task.run`: the instance's live task, then `cd <sandbox>; <command>` over SSH on its agent as the role user.
    func task_run(_ input: Operations.Task_run.Input) async throws -> Operations.Task_run.Output {
        let path = input.path
        guard case .json(let body) = input.body else { throw GatewayProblem.badRequest("send {\"command\": \"…\", \"timeout\": \"60s\"}") }
        let access = try sandboxAccess("task.run")
        let timeout = try runTimeout(body.timeout, settings: access.settings)
        guard !body.command.utf8.contains(0) else { throw GatewayProblem.badRequest("command contains a NUL byte") }
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        let (cluster, task) = try await locateTask(path.cluster, key, instance: path.instance, live: true)
        let host = try agentHost(of: task, cluster: cluster, key: key, instance: path.instance)
        let sandbox = try sandboxPath(of: task, cluster: cluster)
        let user = access.settings.sshUser ?? path.role
        let command = SandboxCommand.substitute(body.command, taskID: task.taskId ?? "", instance: path.instance,
                                                ports: (task.assignedPorts ?? [:]).mapValues(Int.init))
        let remote = SandboxCommand.run(command, sandbox: sandbox, timeoutSeconds: Int(timeout.components.seconds))
        let notes = AuditNotes.current
        notes?.instances([path.instance])
        let result: SandboxRunResult
        do {
            result = try await access.runner.run(remote, host: host, user: user, timeout: timeout, maxOutputBytes: access.settings.maxOutputBytes)
        } catch {
            notes?.result("task.run on \(host) as \(user) failed: \(error.description); command: \(Self.clip(command))")
            throw Self.problem(error)
        }
        if result.exitStatus == SandboxCommand.sandboxMissing, String(decoding: result.stderr, as: UTF8.self).contains("aurora-gateway:") {
            notes?.result("task.run on \(host) as \(user): sandbox of \(task.taskId ?? "") not found; command: \(Self.clip(command))")
            throw GatewayProblem.notFound("the sandbox of task \(task.taskId ?? "") is not on \(host) under \(cluster.slaveRoot ?? ""): check the cluster's slave_root and slave_run_directory")
        }
        let digest = SHA256.hash(data: result.stdout + [0] + result.stderr).map { String(format: "%02x", $0) }.joined()
        notes?.result("task.run on \(host) as \(user) exited \(result.exitStatus); output sha256 \(digest) (\(result.stdout.count)+\(result.stderr.count) bytes\(result.truncated ? ", truncated" : "")); command: \(Self.clip(command))")
        return .ok(.init(body: .json(.init(host: host, exitStatus: result.exitStatus, stdout: Self.text(result.stdout),
                                           stderr: Self.text(result.stderr), truncated: result.truncated))))
    }

    /// `task.logs`: the instance's task (active, else the most recent), then the tail of the log from the Thermos
    /// observer when the cluster has one, else over SSH from the sandbox.
    func task_logs(_ input: Operations.Task_logs.Input) async throws -> Operations.Task_logs.Output {
        let path = input.path
        guard AuroraIdentifier.isValid(path.process), path.process.utf8.count <= AuroraIdentifier.maxLength else {
            throw GatewayProblem.badRequest("process \"\(path.process)\" must match ^[\\w\\-\\.]+$ (a Thermos process name) and not be . or ..")
        }
        let lines = input.query.tail ?? 100
        guard (1...10_000).contains(lines) else { throw GatewayProblem.badRequest("tail is \(lines): ask for 1…10000 lines") }
        let stream = path.stream.rawValue
        let key = JobKey(role: path.role, environment: path.env, name: path.name)
        // Neither an observer nor SSH for this cluster: say so before asking the scheduler anything.
        if sandbox.observer(try scheduler.client(path.cluster).cluster) == nil { _ = try sandboxAccess("task.logs") }
        let (cluster, task) = try await locateTask(path.cluster, key, instance: path.instance, live: false)
        let taskID = task.taskId ?? ""
        let host = try agentHost(of: task, cluster: cluster, key: key, instance: path.instance)
        let missing = GatewayProblem.notFound("task \(taskID) has no \(stream) for process \(path.process): list its processes in the job spec")
        if let observer = sandbox.observer(cluster) {
            // nil: the observer could not be reached and SSH is tried instead; .some(nil): it has no such log.
            var answer: LogTail??
            do {
                answer = .some(try await observer.tail(host: host, taskID: taskID, process: path.process, stream: stream, lines: lines))
            } catch {
                guard sandbox.ssh != nil, case .connectFailed = error else { throw Self.problem(error) }
            }
            if let answer {
                guard let tail = answer else { throw missing }
                return .ok(.init(body: .json(.init(text: tail.text, truncated: tail.truncated))))
            }
        }
        let access = try sandboxAccess("task.logs")
        let script = SandboxCommand.logTail(sandbox: try sandboxPath(of: task, cluster: cluster), process: path.process, stream: stream, lines: lines,
                                            maxBytes: access.settings.maxOutputBytes)
        let result: SandboxRunResult
        do {
            result = try await access.logRunner.run(script, host: host, user: access.settings.sshUser ?? path.role, timeout: .seconds(30),
                                                    maxOutputBytes: access.settings.maxOutputBytes + 128)
        } catch {
            throw Self.problem(error)
        }
        switch result.exitStatus {
        case 0: break
        case SandboxCommand.logMissing: throw missing
        case SandboxCommand.sandboxMissing: throw GatewayProblem.notFound("the sandbox of task \(taskID) is no longer on \(host) (garbage-collected)")
        default: throw GatewayProblem(status: 502, kind: "sandbox-error", title: "Bad Gateway",
                                      detail: "reading the log on \(host) failed (exit \(result.exitStatus)): \(Self.clip(Self.text(result.stderr)))")
        }
        let marker = Array((SandboxCommand.logMarker + "\n").utf8)
        guard let found = result.stdout.firstRange(of: marker) else {
            throw GatewayProblem(status: 502, kind: "sandbox-error", title: "Bad Gateway", detail: "the log script on \(host) printed no log")
        }
        let bytes = Array(result.stdout[found.upperBound...])
        let budget = access.settings.maxOutputBytes
        let tail = LogTail.last(lines, of: Array(bytes.prefix(budget + 1)), startsAtBeginning: bytes.count <= budget)
        return .ok(.init(body: .json(.init(text: tail.text, truncated: tail.truncated))))
    }

    /// The SSH side of sandbox access, or 501 naming the keys that enable it.
    func sandboxAccess(_ operation: String) throws(GatewayProblem) -> SandboxAccess.SSH {
        guard let ssh = sandbox.ssh else {
            throw GatewayProblem(status: 501, kind: "sandbox-not-configured", title: "Not configured",
                                 detail: "\(operation) needs SSH access to the agents: set sandbox.ssh_key and sandbox.known_hosts in the gateway's configuration (docs/configuration.md)")
        }
        return ssh
    }

    /// The request's `timeout`, or the configured default, within 1 s…`max_run_timeout`.
    func runTimeout(_ text: String?, settings: SandboxSettings) throws(GatewayProblem) -> Duration {
        guard let text else { return settings.runTimeout }
        guard let value = Durations.parse(text), value >= .seconds(1), value <= settings.maxRunTimeout else {
            throw GatewayProblem.badRequest("timeout \"\(text)\" must be a duration from 1s to \(Int(Durations.seconds(settings.maxRunTimeout)))s, e.g. 60s or 5m")
        }
        return value
    }

    /// The task of `instance`: a live one for `task.run`; for logs the active one, else the most recent.
    func locateTask(_ clusterName: String, _ key: JobKey, instance: Int, live: Bool) async throws(GatewayProblem) -> (ClusterConfig, AssignedTask) {
        let cluster = try scheduler.client(clusterName).cluster
        let query = TaskQuery(statuses: live ? Array(AuroraConstants.liveStates) : nil, instanceIds: [Int32(clamping: instance)], jobKeys: [key])
        let response = live
            ? try await scheduler.call(clusterName, GetTasksStatusArgs(query: query), subject: "job \(key)")
            : try await scheduler.call(clusterName, GetTasksWithoutConfigsArgs(query: query), subject: "job \(key)")
        var tasks: [ScheduledTask] = []
        if case .scheduleStatusResult(let result)? = response.result { tasks = result.tasks ?? [] }
        // A task placed on an agent (it has a sandbox and logs) before one still waiting, then RUNNING, then active,
        // then the newest.
        func rank(_ task: ScheduledTask) -> (Int, Int, Int64) {
            ((task.assignedTask?.slaveHost ?? "").isEmpty ? 0 : 1,
             task.status == .running ? 2 : (task.status.map { AuroraConstants.activeStates.contains($0) } == true ? 1 : 0),
             task.taskEvents?.last?.timestamp ?? 0)
        }
        guard let best = tasks.max(by: { rank($0) < rank($1) }), let assigned = best.assignedTask else {
            throw GatewayProblem.notFound("instance \(instance) of \(clusterName)/\(key) has no \(live ? "live " : "")task: see GET /v1/clusters/\(clusterName)/jobs/\(key.role ?? "")/\(key.environment ?? "")/\(key.name ?? "")/tasks")
        }
        return (cluster, assigned)
    }

    /// The task's agent, checked to be a host name or an address before it goes into a URL or a connection.
    func agentHost(of task: AssignedTask, cluster: ClusterConfig, key: JobKey, instance: Int) throws(GatewayProblem) -> String {
        guard let host = task.slaveHost, !host.isEmpty else {
            throw GatewayProblem.notFound("instance \(instance) of \(cluster.name)/\(key) has not been placed on an agent yet")
        }
        guard Self.isHostName(host) else { throw Self.unusableHost }
        return host
    }

    /// The task's sandbox path on its agent (the Aurora client's formula), or why it cannot be known.
    func sandboxPath(of task: AssignedTask, cluster: ClusterConfig) throws(GatewayProblem) -> String {
        guard let taskID = task.taskId, AuroraIdentifier.isValid(taskID) else {
            throw GatewayProblem(status: 502, kind: "scheduler-error", title: "Bad Gateway", detail: "the scheduler reported a task id the gateway will not put in a path")
        }
        guard let root = cluster.slaveRoot, let run = cluster.slaveRunDirectory else {
            throw GatewayProblem(status: 501, kind: "sandbox-not-configured", title: "Not configured",
                                 detail: "cluster \(cluster.name) has no slave_root and slave_run_directory: set them as in the Aurora client's clusters.json")
        }
        return SandboxCommand.sandboxPath(slaveRoot: root, runDirectory: run, taskID: taskID)
    }

    static let unusableHost = GatewayProblem(status: 502, kind: "scheduler-error", title: "Bad Gateway",
                                             detail: "the scheduler reported an agent host name the gateway will not connect to")

    /// A sandbox failure as the HTTP answer the contract gives it.
    static func problem(_ error: SandboxError) -> GatewayProblem {
        switch error {
        case .timedOut: return GatewayProblem(status: 504, kind: "sandbox-timeout", title: "Gateway Timeout", detail: error.description)
        case .hostKeyUnknown, .hostKeyMismatch, .hostKeyRevoked:
            return GatewayProblem(status: 502, kind: "ssh-host-key-untrusted", title: "Bad Gateway", detail: error.description)
        case .keyRefused: return GatewayProblem(status: 502, kind: "ssh-key-refused", title: "Bad Gateway", detail: error.description)
        case .connectFailed, .protocolError: return GatewayProblem(status: 502, kind: "sandbox-unreachable", title: "Bad Gateway", detail: error.description)
        case .busy: return .unavailable(error.description, kind: "sandbox-busy")
        }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Whether a scheduler-reported agent name may be put in a URL and an SSH connection: a host name or an address.
    static func isHostName(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.count <= 253 && host.utf8.allSatisfy { byte in
            AuroraIdentifier.isCharacter(byte) && byte != UInt8(ascii: "_") || byte == UInt8(ascii: ":")
        }
    }

    /// At most 4 KiB of a command for the audit record.
    static func clip(_ text: String) -> String { text.utf8.count <= 4_096 ? text : String(decoding: text.utf8.prefix(4_096), as: UTF8.self) + "…" }
}
