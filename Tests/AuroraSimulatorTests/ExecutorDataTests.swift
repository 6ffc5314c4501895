import AuroraSimulator
import AuroraThrift
import Foundation
import GatewayCore
import Testing

@Suite("Executor data validation (Thermos JSON, protocol.md §5.2)")
struct ExecutorDataTests {
    /// protocol.md §5.3's executor JSON as printed there, with the fixtures' cluster `testcluster` in place of `build`.
    static let helloData = """
        {"cluster": "testcluster", "cron_collision_policy": "KILL_EXISTING", "enable_hooks": false, "environment": "devel",
         "executor_config": {"data": "", "name": "AuroraExecutor"},
         "health_check_config": {"health_checker": {"http": {"endpoint": "/health", "expected_response": "ok", "expected_response_code": 0}},
           "initial_interval_secs": 15.0, "interval_secs": 10.0, "max_consecutive_failures": 0, "min_consecutive_successes": 1, "timeout_secs": 1.0},
         "lifecycle": {"http": {"graceful_shutdown_endpoint": "/quitquitquit", "graceful_shutdown_wait_secs": 5, "port": "health",
           "shutdown_endpoint": "/abortabortabort", "shutdown_wait_secs": 5}},
         "max_task_failures": 1, "metadata": [], "name": "hello", "priority": 0, "production": false, "role": "mesostest", "service": false,
         "task": {"constraints": [], "finalization_wait": 30, "max_concurrency": 0, "max_failures": 1, "name": "hello",
           "processes": [{"cmdline": "echo hello; sleep 60", "daemon": false, "ephemeral": false, "final": false,
                          "max_failures": 1, "min_duration": 5, "name": "hello"}],
           "resources": {"cpu": 0.1, "disk": 16777216, "gpu": 0, "ram": 16777216}}}
        """

    /// The gateway's job spec of the same hello world.
    static let helloSpec = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"hello","cmdline":"echo hello; sleep 60"}]}"#

    /// contract.md §4, verbatim.
    static let contractExample = """
        {
          "instances": 2,
          "service": true,
          "tier": "preferred",
          "priority": 0,
          "max_task_failures": 1,
          "contact": "someone@example.org",
          "resources": { "cpu": 0.5, "ram_mb": 1024, "disk_mb": 2048, "gpus": 0, "ports": ["http"] },
          "processes": [
            { "name": "setup", "cmdline": "git clone ...", "max_failures": 1, "daemon": false,
              "ephemeral": false, "min_duration": 5, "final": false },
            { "name": "build", "cmdline": "./build.sh {{mesos.instance}}" }
          ],
          "order": ["setup", "build"],
          "task": { "max_concurrency": 0, "finalization_wait": 30 },
          "container": { "docker": { "image": "alisw/slc8-builder:latest", "parameters": { "privileged": "true" } } },
          "constraints": { "host": "limit:1", "rack": "!r1,r2" },
          "cron": { "schedule": "*/30 * * * *", "collision_policy": "KILL_EXISTING" },
          "metadata": { "pr": "1234" },
          "health_check": { "http": { "endpoint": "/health", "expected_response": "ok" }, "interval_secs": 10 }
        }
        """

    // MARK: Helpers

    /// A scheduler on the fixtures' cluster that validates executor data.
    private func scheduler() throws -> SchedulerState {
        let (state, _) = try Fixtures.scheduler { $0.validatesExecutorData = true }
        return state
    }

    /// createJob's code and first message for the fixture job (16 MiB ram and disk, 0.1 cpu) carrying `data`.
    private func createJob(_ data: String) async throws -> (ResponseCode?, String?) {
        let state = try scheduler()
        let response = await state.createJob(description: Fixtures.job(task: Fixtures.task(data: data)))
        return (response.responseCode, response.details?.first?.message)
    }

    /// `helloData` with `old`, which must occur in it, replaced by `new`.
    private func editedHello(_ old: String, _ new: String) -> String {
        #expect(Self.helloData.contains(old))
        return Self.helloData.replacingOccurrences(of: old, with: new)
    }

    /// `helloData` parsed, changed and serialised again.
    private func editedHello(_ change: (inout [String: Any]) -> Void) throws -> String {
        let parsed = try JSONSerialization.jsonObject(with: Data(Self.helloData.utf8))
        var document = try #require(parsed as? [String: Any])
        change(&document)
        let bytes = try JSONSerialization.data(withJSONObject: document)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A contract §4 job spec decoded the way the gateway decodes request bodies.
    private func decodeSpec(_ text: String) throws -> JobSpec {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try JobSpecDecoder.decode(object: object)
    }

    // MARK: Accepted

    @Test("protocol.md §5.3's hello world executor JSON is accepted")
    func helloWorldIsAccepted() async throws {
        let (code, message) = try await createJob(Self.helloData)
        #expect(code == .ok)
        #expect(message == nil)
    }

    @Test("the translator's hello world and contract §4 example are accepted")
    func translatorOutputIsAccepted() async throws {
        let state = try scheduler()
        let helloSpec = try decodeSpec(Self.helloSpec)
        let hello = JobSpecTranslator.jobConfiguration(helloSpec, cluster: "testcluster", key: Fixtures.key, owner: "mesostest")
        let created = await state.createJob(description: hello)
        #expect(created.responseCode == .ok)
        #expect(created.details?.first?.message == nil)

        // A service on a cron schedule cannot be created, so the contract example goes through the update path,
        // which validates the task config the same way.
        let key = JobKey(role: "mesostest", environment: "devel", name: "pr-1234-build")
        let contract = try decodeSpec(Self.contractExample)
        let task = JobSpecTranslator.taskConfig(contract, cluster: "testcluster", key: key, owner: "mesostest")
        let diff = await state.getJobUpdateDiff(request: Fixtures.updateRequest(task, instances: 2))
        #expect(diff.responseCode == .ok)
        #expect(diff.details?.first?.message == nil)
    }

    @Test("without validatesExecutorData the simulator takes any data, like Aurora")
    func offByDefault() async throws {
        let (state, _) = try Fixtures.scheduler()
        let response = await state.createJob(description: Fixtures.job(task: Fixtures.task(data: "not json")))
        #expect(response.responseCode == .ok)
    }

    // MARK: Refused, naming the path

    @Test("missing task.processes")
    func missingProcesses() async throws {
        let data = try editedHello { document in
            var task = document["task"] as? [String: Any] ?? [:]
            task["processes"] = nil
            document["task"] = task
        }
        #expect(try await createJob(data) == (.invalidRequest, "Executor data is invalid: task.processes is required"))
    }

    @Test("ram in MiB instead of bytes disagrees with the Resource set")
    func ramInMebibytes() async throws {
        #expect(try await createJob(editedHello(#""ram": 16777216"#, #""ram": 16"#)) == (
            .invalidRequest, "Executor data is invalid: task.resources.ram is 16 bytes but the task's ramMb 16 is 16777216 bytes"
        ))
    }

    @Test("a string where an integer is expected")
    func stringForInteger() async throws {
        let data = editedHello(#""max_failures": 1, "min_duration": 5"#, #""max_failures": "1", "min_duration": 5"#)
        #expect(try await createJob(data) == (
            .invalidRequest, "Executor data is invalid: task.processes[0].max_failures must be an integer"
        ))
    }

    @Test("booleans and numbers are told apart")
    func booleansAreNotNumbers() async throws {
        #expect(try await createJob(editedHello(#""priority": 0"#, #""priority": false"#)).1
            == "Executor data is invalid: priority must be an integer")
        #expect(try await createJob(editedHello(#""service": false"#, #""service": 0"#)).1
            == "Executor data is invalid: service must be a boolean")
        #expect(try await createJob(editedHello(#""cpu": 0.1"#, #""cpu": "0.1""#)).1
            == "Executor data is invalid: task.resources.cpu must be a number")
        #expect(try await createJob(editedHello(#""disk": 16777216"#, #""disk": 16777216.5"#)).1
            == "Executor data is invalid: task.resources.disk must be an integer")
    }

    @Test("an unknown top-level key")
    func unknownTopLevelKey() async throws {
        let data = editedHello(#"{"cluster": "#, #"{"bogus": true, "cluster": "#)
        #expect(try await createJob(data) == (.invalidRequest, "Executor data is invalid: bogus is not an attribute of MesosJob"))
    }

    @Test("a role or cluster other than the job's")
    func identityMismatch() async throws {
        #expect(try await createJob(editedHello(#""role": "mesostest""#, #""role": "webapp""#)) == (
            .invalidRequest, "Executor data is invalid: role is 'webapp' but the job key's role is 'mesostest'"
        ))
        #expect(try await createJob(editedHello(#""cluster": "testcluster""#, #""cluster": "build""#)).1
            == "Executor data is invalid: cluster is 'build' but this scheduler's cluster is 'testcluster'")
    }

    @Test("an order constraint naming an unknown process")
    func orderNamesUnknownProcess() async throws {
        let data = editedHello(#""constraints": [], "finalization_wait""#,
                               #""constraints": [{"order": ["hello", "ghost"]}], "finalization_wait""#)
        #expect(try await createJob(data) == (
            .invalidRequest, "Executor data is invalid: task.constraints[0].order[1] names 'ghost', which is not a process of the task"
        ))
    }

    @Test("malformed JSON and JSON that is not an object")
    func malformedJSON() async throws {
        for data in [String(Self.helloData.dropLast()), "v1", ""] {
            let (code, message) = try await createJob(data)
            #expect(code == .invalidRequest)
            #expect(message?.hasPrefix("Executor data is invalid: the data is not valid JSON") == true)
        }
        #expect(try await createJob("[]") == (.invalidRequest, "Executor data is invalid: the data must be a JSON object"))
    }

    @Test("Docker tasks are checked when they carry executor data, and updates are checked too")
    func dockerAndUpdates() async throws {
        let state = try scheduler()
        var docker = Fixtures.task(data: "{}")
        docker.container = .docker(DockerContainer(image: "busybox"))
        let refused = await state.createJob(description: Fixtures.job(task: docker))
        #expect(refused.details?.first?.message == "Executor data is invalid: cluster is required")
        docker.executorConfig = nil
        #expect(await state.createJob(description: Fixtures.job(task: docker)).responseCode == .ok)

        let update = Fixtures.updateRequest(Fixtures.task(service: true, data: "v2"), instances: 1)
        let diff = await state.getJobUpdateDiff(request: update)
        #expect(diff.responseCode == .invalidRequest)
        #expect(diff.details?.first?.message?.hasPrefix("Executor data is invalid: the data is not valid JSON") == true)
        let started = await state.startJobUpdate(request: update, message: nil)
        #expect(started.details?.first?.message?.hasPrefix("Executor data is invalid: the data is not valid JSON") == true)
    }
}
