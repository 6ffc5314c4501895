import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// `task.run` and `task.logs` through `aurora-gateway serve`: a simulator placing tasks on 127.0.0.1, a real sshd that
/// logs in the role user, a sandbox tree laid out like a Mesos agent's, and a stand-in Thermos observer.
@Suite("task sandboxes through the gateway: task.run over SSH, task.logs from the observer or over SSH")
struct TaskSandboxTests {
    struct Setup {
        let sshd: TestSSHD
        let sim: Harness.Server
        let observer: Harness.Server
        let gateway: Harness.Server
        let config: String
        let runner: String
        let reader: String
        let job: String
        let sandbox: String
        let taskID: String

        func stop() {
            _ = gateway.process.stop()
            _ = observer.process.stop()
            _ = sim.process.stop()
        }
    }

    static func start() async throws -> Setup {
        let sshd = try await TestSSHD.shared()
        let sim = try await Harness.start(RepoPaths.gatewayBinary, ["simulate", "--port", "0", "--cluster", "build", "--step-ms", "50",
                                                                    "--agent-host", "127.0.0.1"],
                                          environment: [:], marker: "listening on http://")
        let observer = try await Harness.start(RepoPaths.script("fake-thermos-observer.py"), [sshd.slaveRoot], environment: [:],
                                               marker: "listening on http://")
        let dir = RepoPaths.temporaryDirectory("agw-sandbox")
        let role = sshd.user
        let config = try Harness.writeConfig(in: dir, simulator: sim, users: ["rita": ["runners"], "bob": ["builders"]], extra: """
        \(ProductionTests.openLimits)
        policy:
          - group: runners
            allow: [read, "job.*", task.run]
            on: ["build/\(role)/*/*"]
          - group: builders
            allow: [read, "job.*"]
            on: ["build/\(role)/*/*"]
        sandbox:
          ssh_key: "\(sshd.path("client_ed25519"))"
          known_hosts: "\(sshd.path("known_hosts"))"
          ssh_port: \(sshd.port)
          run_timeout: 20s
        """)
        let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "auth_mechanism: UNAUTHENTICATED", with: """
        auth_mechanism: UNAUTHENTICATED
            slave_root: "\(sshd.slaveRoot)"
            slave_run_directory: latest
            observer_port: \(observer.port)
        """)
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        func token(_ owner: String) async throws -> String {
            let made = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["token", "create", "--config", config, "--owner", owner])
            guard made.status == 0 else { throw TestSupportError(made.stderr) }
            return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let runner = try await token("rita"), reader = try await token("bob")
        let gateway = try await Harness.serve(config: config)
        let name = "hello\(UUID().uuidString.prefix(6))"
        let job = "/v1/clusters/build/jobs/\(role)/devel/\(name)"
        let spec = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"hello","cmdline":"sleep 1000"}]}"#
        let created = try await ProductionTests.call(gateway.url, job, method: "POST", token: runner, body: spec)
        guard created.status == 201 else { throw TestSupportError("create: \(created.status) \(created.body)") }
        var taskID = ""
        for _ in 0..<200 where taskID.isEmpty {
            let tasks = try await ProductionTests.call(gateway.url, job + "/tasks", token: runner)
            let list = (try? JSONSerialization.jsonObject(with: Data(tasks.body.utf8)) as? [String: Any])?["tasks"] as? [[String: Any]] ?? []
            if let running = list.first(where: { $0["status"] as? String == "RUNNING" }) { taskID = running["task_id"] as? String ?? "" }
            if taskID.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard !taskID.isEmpty else { throw TestSupportError("the task never ran") }
        let sandbox = try sshd.makeSandbox(taskID: taskID)
        let logs = "\(sandbox)/.logs/hello/0"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        try Data((1...50).map { "line \($0) <&>\n" }.joined().utf8).write(to: URL(fileURLWithPath: "\(logs)/stdout"))
        try Data("warning: x\n".utf8).write(to: URL(fileURLWithPath: "\(logs)/stderr"))
        // Bigger than every read budget (1 MiB), Windows line ends, and a log that task code pointed outside the sandbox.
        for (process, text) in [("big", (1...40_000).map { "big line \($0) ............................................\n" }.joined()),
                                ("crlf", "one\r\ntwo\r\nthree\r\n")] {
            try FileManager.default.createDirectory(atPath: "\(sandbox)/.logs/\(process)/0", withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(sandbox)/.logs/\(process)/0/stdout"))
        }
        try FileManager.default.createDirectory(atPath: "\(sandbox)/.logs/evil/0", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(sandbox)/.logs/evil/0/stdout", withDestinationPath: sshd.path("client_ed25519"))
        return Setup(sshd: sshd, sim: sim, observer: observer, gateway: gateway, config: config, runner: runner, reader: reader,
                     job: job, sandbox: sandbox, taskID: taskID)
    }

    static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    @Test("the user guide's `hostname > foo.txt` runs in the sandbox for a token allowed task.run; without the grant: 403 and nothing runs",
          .timeLimit(.minutes(2)))
    func runInSandbox() async throws {
        let setup = try await Self.start()
        defer { setup.stop() }
        let denied = try await ProductionTests.call(setup.gateway.url, setup.job + "/instances/0/run", method: "POST", token: setup.reader,
                                                    body: #"{"command":"touch denied.txt"}"#)
        #expect(denied.status == 403, "\(denied.body)")
        let ran = try await ProductionTests.call(setup.gateway.url, setup.job + "/instances/0/run", method: "POST", token: setup.runner,
                                                 body: #"{"command":"hostname > foo.txt; echo {{mesos.instance}}:{{thermos.task_id}}; echo out-$((6*7)) >&2"}"#, timeout: 30)
        #expect(ran.status == 200, "\(ran.body)")
        let answer = Self.json(ran.body)
        #expect(answer["exit_status"] as? Int == 0 && answer["host"] as? String == "127.0.0.1", "\(ran.body)")
        #expect(answer["stdout"] as? String == "0:\(setup.taskID)\n" && answer["stderr"] as? String == "out-42\n", "\(ran.body)")
        let written = try String(contentsOfFile: "\(setup.sandbox)/foo.txt", encoding: .utf8)
        let hostname = try await ProcessRunner.run("/bin/hostname", [])
        #expect(!written.isEmpty && written == hostname.stdout, "\(written) vs \(hostname.stdout)")
        #expect(!FileManager.default.fileExists(atPath: "\(setup.sandbox)/denied.txt"), "a denied command ran")

        let records = try await ProductionTests.auditRecords(setup.config)
        let runs = records.filter { $0["action"] as? String == "task.run" }
        #expect(runs.contains { $0["decision"] as? String == "deny" && $0["actor"] as? String == "bob" })
        let completed = runs.first { $0["phase"] as? String == "completed" && $0["actor"] as? String == "rita" }
        let details = "\(completed ?? [:])"
        #expect(details.contains("hostname > foo.txt") && details.contains("127.0.0.1") && details.contains("exited 0") && details.contains("sha256"),
                "\(details)")
        #expect(!records.contains { "\($0)".contains("out-42") }, "the command's output is in the audit log")

        let role = setup.sshd.user, name = setup.job.split(separator: "/").last.map(String.init) ?? ""
        let rpc = try await ProductionTests.call(setup.gateway.url, "/v1/rpc", method: "POST", token: setup.runner, body: """
        {"jsonrpc":"2.0","id":7,"method":"task.run","params":{"cluster":"build","role":"\(role)","env":"devel","name":"\(name)","instance":0,"command":"cat foo.txt"}}
        """, timeout: 30)
        let rpcResult = Self.json(rpc.body)["result"] as? [String: Any]
        #expect(rpcResult?["stdout"] as? String == hostname.stdout, "\(rpc.body)")

        let check = try await Harness.check(config: setup.config)
        #expect(check.status == 0 && check.stdout.contains("sandbox") && check.stdout.contains("SHA256:"), "\(check.stdout) \(check.stderr)")

        let bad = try await ProductionTests.call(setup.gateway.url, setup.job + "/instances/0/run", method: "POST", token: setup.runner,
                                                 body: #"{"command":"true","timeout":"11m"}"#)
        #expect(bad.status == 400 && bad.body.contains("timeout"), "\(bad.body)")
        let none = try await ProductionTests.call(setup.gateway.url, setup.job + "/instances/7/run", method: "POST", token: setup.runner,
                                                  body: #"{"command":"true"}"#)
        #expect(none.status == 404 && none.body.contains("no live task"), "\(none.body)")
        let slow = try await ProductionTests.call(setup.gateway.url, setup.job + "/instances/0/run", method: "POST", token: setup.runner,
                                                  body: #"{"command":"sleep 60","timeout":"1s"}"#, timeout: 30)
        #expect(slow.status == 504, "\(slow.body)")
    }

    @Test("task.logs: the last lines from the observer (unescaped), the same over SSH once the observer is gone, 404 and 400 for bad names",
          .timeLimit(.minutes(2)))
    func logs() async throws {
        let setup = try await Self.start()
        defer { setup.stop() }
        for viaSSH in [false, true] {
            if viaSSH { _ = setup.observer.process.stop() }
            func logs(_ path: String) async throws -> (status: Int, object: [String: Any], body: String) {
                let answer = try await ProductionTests.call(setup.gateway.url, setup.job + "/instances/0/logs/" + path, token: setup.reader, timeout: 30)
                return (answer.status, Self.json(answer.body), answer.body)
            }
            let via = viaSSH ? "over SSH" : "from the observer"
            let last = try await logs("hello/stdout?tail=2")
            #expect(last.status == 200 && last.object["text"] as? String == "line 49 <&>\nline 50 <&>\n", "\(via): \(last.body)")
            #expect(last.object["truncated"] as? Bool == true, "\(via)")
            let whole = try await logs("hello/stderr")
            #expect(whole.object["text"] as? String == "warning: x\n" && whole.object["truncated"] as? Bool == false, "\(via): \(whole.body)")
            let big = try await logs("big/stdout?tail=3")
            #expect(big.object["text"] as? String == (39_998...40_000).map { "big line \($0) ............................................\n" }.joined(),
                    "\(via): \(big.body.prefix(300))")
            let most = try await logs("big/stdout?tail=10000")
            #expect((most.object["text"] as? String)?.hasPrefix("big line 30001 ") == true && most.object["truncated"] as? Bool == true,
                    "\(via): \(most.body.prefix(200))")
            let crlf = try await logs("crlf/stdout?tail=2")
            #expect(crlf.object["text"] as? String == "two\r\nthree\r\n", "\(via): \(crlf.body)")
            #expect(try await logs("nope/stdout").status == 404, "\(via)")
            #expect(try await logs("a%3Bb/stdout").status == 400, "\(via)")
            #expect(try await logs("%2E%2E/stdout").status == 400, "\(via)")
            if viaSSH {
                let evil = try await logs("evil/stdout")
                #expect(evil.status == 404 && !evil.body.contains("PRIVATE KEY"), "a log symlinked out of the sandbox was read: \(evil.body.prefix(200))")
            }
        }
    }
}
