import AuroraThrift
import Foundation
import GatewayCore
import Testing

@Suite("Job spec: contract §4 JSON → JobSpec → Aurora Thrift and Thermos executor JSON (protocol.md §5)")
struct JobSpecTests {
    static let hello = JobKey(role: "mesostest", environment: "devel", name: "hello")
    static let helloBody = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"hello","cmdline":"echo hello; sleep 60"}]}"#

    /// protocol.md §5.3, as printed there.
    static let helloExecutorData = """
        {"cluster": "build", "cron_collision_policy": "KILL_EXISTING", "enable_hooks": false, "environment": "devel",
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

    /// The same document in the compact sorted form the gateway emits.
    static let helloExecutorDataCompact: String =
        #"{"cluster":"build","cron_collision_policy":"KILL_EXISTING","enable_hooks":false,"environment":"devel","#
        + #""executor_config":{"data":"","name":"AuroraExecutor"},"health_check_config":{"health_checker":{"http":"#
        + #"{"endpoint":"/health","expected_response":"ok","expected_response_code":0}},"initial_interval_secs":15.0,"#
        + #""interval_secs":10.0,"max_consecutive_failures":0,"min_consecutive_successes":1,"timeout_secs":1.0},"#
        + #""lifecycle":{"http":{"graceful_shutdown_endpoint":"/quitquitquit","graceful_shutdown_wait_secs":5,"#
        + #""port":"health","shutdown_endpoint":"/abortabortabort","shutdown_wait_secs":5}},"max_task_failures":1,"#
        + #""metadata":[],"name":"hello","priority":0,"production":false,"role":"mesostest","service":false,"#
        + #""task":{"constraints":[],"finalization_wait":30,"max_concurrency":0,"max_failures":1,"name":"hello","#
        + #""processes":[{"cmdline":"echo hello; sleep 60","daemon":false,"ephemeral":false,"final":false,"#
        + #""max_failures":1,"min_duration":5,"name":"hello"}],"#
        + #""resources":{"cpu":0.1,"disk":16777216,"gpu":0,"ram":16777216}}}"#

    /// protocol.md §5.3's createJob body; DATA stands for the executor JSON as a TJSON string.
    static let helloCreateJob: String =
        #"[1,"createJob",1,0,{"1":{"rec":{"5":{"i32":0},"6":{"rec":{"7":{"tf":0},"11":{"i32":0},"13":{"i32":1},"#
        + #""17":{"rec":{"2":{"str":"mesostest"}}},"18":{"tf":0},"20":{"set":["rec",0]},"22":{"map":["str","str",0,{}]},"#
        + #""25":{"rec":{"1":{"str":"AuroraExecutor"},"2":{"str":"DATA"}}},"27":{"set":["rec",0]},"#
        + #""28":{"rec":{"1":{"str":"mesostest"},"2":{"str":"devel"},"3":{"str":"hello"}}},"29":{"rec":{"1":{"rec":{}}}},"#
        + #""32":{"set":["rec",3,{"1":{"dbl":0.1}},{"2":{"i64":16}},{"3":{"i64":16}}]}}},"7":{"rec":{"2":{"str":"mesostest"}}},"#
        + #""8":{"i32":1},"9":{"rec":{"1":{"str":"mesostest"},"2":{"str":"devel"},"3":{"str":"hello"}}}}}}]"#

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

    /// The contract example with keys in another order, other spacing and its defaults left out.
    static let contractExampleReordered: String =
        #"{"health_check":{"interval_secs":10.0,"http":{"expected_response":"ok"}},"metadata":{"pr":"1234"},"#
        + #""constraints":{"rack":"!r1,r2","host":"limit:1"},"cron":{"collision_policy":"KILL_EXISTING","schedule":"*/30 * * * *"},"#
        + #""container":{"docker":{"parameters":{"privileged":"true"},"image":"alisw/slc8-builder:latest"}},"order":["setup","build"],"#
        + #""processes":[{"cmdline":"git clone ...","name":"setup"},{"cmdline":"./build.sh {{mesos.instance}}","name":"build"}],"#
        + #""resources":{"ports":["http"],"disk_mb":2048,"ram_mb":1024,"cpu":0.5},"contact":"someone@example.org","#
        + #""tier":"preferred","service":true,"instances":2}"#

    static let buildKey = JobKey(role: "mesostest", environment: "devel", name: "pr-1234-build")

    // MARK: Hello world (protocol.md §5.3)

    @Test("the hello world spec decodes with every default")
    func helloWorldDefaults() throws {
        let spec = try decode(Self.helloBody)
        let expected = JobSpec(resources: JobSpec.Resources(cpu: 0.1, ramMb: 16, diskMb: 16),
                               processes: [JobSpec.Process(name: "hello", cmdline: "echo hello; sleep 60")])
        #expect(spec == expected)
        #expect(spec.instances == 1 && !spec.isService && spec.priority == 0 && spec.maxTaskFailures == 1)
        #expect(spec.task == JobSpec.TaskSettings(maxConcurrency: 0, finalizationWait: 30))
        #expect(spec.healthCheck == nil && spec.container == nil && spec.cron == nil && spec.order == nil)
    }

    @Test("hello world: the executor JSON equals protocol.md §5.3, parsed and byte for byte in compact sorted form")
    func helloWorldExecutorData() throws {
        let data = JobSpecTranslator.executorData(try decode(Self.helloBody), cluster: "build", key: Self.hello)
        #expect(try canonical(data) == canonical(Self.helloExecutorData))
        #expect(data == Self.helloExecutorDataCompact)
        let object = try parse(data)
        #expect(Set(object.keys).isDisjoint(with: ["instances", "update_config", "announce", "contact", "tier", "cron_schedule"]))
    }

    @Test("hello world: the Thrift JobConfiguration and TaskConfig hold the values of protocol.md §5.3")
    func helloWorldThrift() throws {
        let spec = try decode(Self.helloBody)
        let config = JobSpecTranslator.jobConfiguration(spec, cluster: "build", key: Self.hello, owner: "mesostest")
        #expect(config.key == Self.hello)
        #expect(config.owner == Identity(user: "mesostest"))
        #expect(config.cronSchedule == nil)
        #expect(config.cronCollisionPolicy == .killExisting)
        #expect(config.instanceCount == 1)
        let task = try #require(config.taskConfig)
        #expect(task.job == Self.hello)
        #expect(task.owner == Identity(user: "mesostest"))
        #expect(task.isService == false)
        #expect(task.priority == 0)
        #expect(task.maxTaskFailures == 1)
        #expect(task.production == false)
        #expect(task.tier == nil)
        #expect(task.resources == [.numCpus(0.1), .ramMb(16), .diskMb(16)])
        #expect(task.constraints == [])
        #expect(task.taskLinks == [:])
        #expect(task.contactEmail == nil)
        #expect(task.executorConfig?.name == "AuroraExecutor")
        #expect(task.executorConfig?.data == JobSpecTranslator.executorData(spec, cluster: "build", key: Self.hello))
        #expect(task.metadata == [])
        #expect(task.container == .mesos(MesosContainer()))
        #expect(task.mesosFetcherUris == nil && task.partitionPolicy == nil && task.slaPolicy == nil)
        #expect(task == JobSpecTranslator.taskConfig(spec, cluster: "build", key: Self.hello, owner: "mesostest"))
    }

    @Test("hello world: the TJSON createJob body is exactly protocol.md §5.3's")
    func helloWorldCreateJobBody() throws {
        let spec = try decode(Self.helloBody)
        let config = JobSpecTranslator.jobConfiguration(spec, cluster: "build", key: Self.hello, owner: "mesostest")
        let data = JobSpecTranslator.executorData(spec, cluster: "build", key: Self.hello)
        let escaped = data.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let golden = Self.helloCreateJob.replacingOccurrences(of: "DATA", with: escaped)
        let body = ThriftCodec.encodeCall(CreateJobArgs(description: config), as: .json)
        #expect(String(decoding: body, as: UTF8.self) == golden)
    }

    // MARK: The contract example (contract.md §4)

    @Test("the contract example decodes to the spec it describes")
    func contractExampleDecodes() throws {
        let expected = JobSpec(
            instances: 2, isService: true, tier: "preferred", priority: 0, maxTaskFailures: 1, contact: "someone@example.org",
            resources: JobSpec.Resources(cpu: 0.5, ramMb: 1024, diskMb: 2048, gpus: 0, ports: ["http"]),
            processes: [
                JobSpec.Process(name: "setup", cmdline: "git clone ...", maxFailures: 1, isDaemon: false, isEphemeral: false,
                                minDuration: 5, isFinal: false),
                JobSpec.Process(name: "build", cmdline: "./build.sh {{mesos.instance}}"),
            ],
            order: ["setup", "build"],
            task: JobSpec.TaskSettings(maxConcurrency: 0, finalizationWait: 30),
            container: .docker(image: "alisw/slc8-builder:latest", parameters: [JobSpec.Parameter(name: "privileged", value: "true")]),
            constraints: ["host": "limit:1", "rack": "!r1,r2"],
            cron: JobSpec.Cron(schedule: "*/30 * * * *", collisionPolicy: .killExisting),
            metadata: ["pr": "1234"],
            healthCheck: JobSpec.HealthCheck(checker: .http(endpoint: "/health", expectedResponse: "ok"), intervalSecs: 10)
        )
        #expect(try decode(Self.contractExample) == expected)
        #expect(expected.requestedPorts == ["http"])
    }

    @Test("the contract example translates: docker parameters, limit and negated constraints, cron, metadata, ports")
    func contractExampleThrift() throws {
        let spec = try decode(Self.contractExample)
        let config = JobSpecTranslator.jobConfiguration(spec, cluster: "build", key: Self.buildKey, owner: "mesostest")
        #expect(config.instanceCount == 2)
        #expect(config.cronSchedule == "*/30 * * * *")
        #expect(config.cronCollisionPolicy == .killExisting)
        #expect(config.owner == Identity(user: "mesostest"))
        let task = try #require(config.taskConfig)
        #expect(task.job == Self.buildKey)
        #expect(task.isService == true)
        #expect(task.tier == "preferred")
        #expect(task.production == false)
        #expect(task.contactEmail == "someone@example.org")
        #expect(task.resources == [.numCpus(0.5), .ramMb(1024), .diskMb(2048), .namedPort("http")])
        #expect(task.constraints == [
            Constraint(name: "host", constraint: .limit(LimitConstraint(limit: 1))),
            Constraint(name: "rack", constraint: .value(ValueConstraint(negated: true, values: ["r1", "r2"]))),
        ])
        #expect(task.container == .docker(DockerContainer(image: "alisw/slc8-builder:latest",
                                                          parameters: [DockerParameter(name: "privileged", value: "true")])))
        #expect(task.metadata == [Metadata(key: "pr", value: "1234")])
        #expect(task.taskLinks == [:])
    }

    @Test("the contract example's executor JSON: order constraint, constraints map, container, cron, health check")
    func contractExampleExecutorData() throws {
        let spec = try decode(Self.contractExample)
        let object = try parse(JobSpecTranslator.executorData(spec, cluster: "build", key: Self.buildKey))
        #expect(object["name"] as? String == "pr-1234-build")
        #expect(object["role"] as? String == "mesostest" && object["environment"] as? String == "devel")
        #expect(object["cluster"] as? String == "build")
        #expect(object["tier"] as? String == "preferred")
        #expect(object["contact"] as? String == "someone@example.org")
        #expect(object["cron_schedule"] as? String == "*/30 * * * *")
        #expect(object["cron_collision_policy"] as? String == "KILL_EXISTING")
        #expect(object["service"] as? Bool == true)
        #expect(!object.keys.contains("instances"))
        #expect(try same(object["constraints"], #"{"host":"limit:1","rack":"!r1,r2"}"#))
        #expect(try same(object["metadata"], #"[{"key":"pr","value":"1234"}]"#))
        #expect(try same(object["container"],
                         #"{"image":"alisw/slc8-builder:latest","parameters":[{"name":"privileged","value":"true"}]}"#))
        #expect(try same(object["health_check_config"],
                         #"{"health_checker":{"http":{"endpoint":"/health","expected_response":"ok","expected_response_code":0}},"#
                            + #""initial_interval_secs":15.0,"interval_secs":10.0,"max_consecutive_failures":0,"#
                            + #""min_consecutive_successes":1,"timeout_secs":1.0}"#))
        let task = try #require(object["task"] as? [String: Any])
        #expect(task["name"] as? String == "setup")
        #expect(try same(task["constraints"], #"[{"order":["setup","build"]}]"#))
        #expect(try same(task["resources"], #"{"cpu":0.5,"disk":2147483648,"gpu":0,"ram":1073741824}"#))
        #expect(try same(task["processes"], #"""
            [{"cmdline":"git clone ...","daemon":false,"ephemeral":false,"final":false,"max_failures":1,"min_duration":5,"name":"setup"},
             {"cmdline":"./build.sh {{mesos.instance}}","daemon":false,"ephemeral":false,"final":false,
              "max_failures":1,"min_duration":5,"name":"build"}]
            """#))
    }

    // MARK: Determinism

    @Test("the same spec, in any key order or spacing, gives byte-identical executor data and Thrift bytes")
    func deterministic() throws {
        let first = try decode(Self.contractExample)
        let again = try decode(Self.contractExample)
        let reordered = try decode(Self.contractExampleReordered)
        #expect(first == reordered)
        let data = JobSpecTranslator.executorData(first, cluster: "build", key: Self.buildKey)
        #expect(JobSpecTranslator.executorData(again, cluster: "build", key: Self.buildKey) == data)
        #expect(JobSpecTranslator.executorData(reordered, cluster: "build", key: Self.buildKey) == data)
        for kind in [ThriftProtocolKind.json, .binary] {
            let one = JobSpecTranslator.jobConfiguration(first, cluster: "build", key: Self.buildKey, owner: "mesostest")
            let other = JobSpecTranslator.jobConfiguration(reordered, cluster: "build", key: Self.buildKey, owner: "mesostest")
            #expect(ThriftCodec.encodeCall(CreateJobArgs(description: one), as: kind)
                == ThriftCodec.encodeCall(CreateJobArgs(description: other), as: kind))
        }
    }

    @Test("maps with many keys render in one order however they were built")
    func manyKeysOneOrder() throws {
        let keys = (0..<40).map { "key\($0)" }
        let forward = Dictionary(uniqueKeysWithValues: keys.map { ($0, "v-\($0)") })
        var backward: [String: String] = [:]
        for key in keys.reversed() { backward[key] = "v-\(key)" }
        let base = try decode(Self.helloBody)
        var one = base, other = base
        one.metadata = forward
        other.metadata = backward
        one.constraints = Dictionary(uniqueKeysWithValues: keys.map { ($0, "limit:1") })
        other.constraints = Dictionary(uniqueKeysWithValues: keys.reversed().map { ($0, "limit:1") })
        #expect(JobSpecTranslator.executorData(one, cluster: "build", key: Self.hello)
            == JobSpecTranslator.executorData(other, cluster: "build", key: Self.hello))
        #expect(JobSpecTranslator.taskConfig(one, cluster: "build", key: Self.hello, owner: "mesostest")
            == JobSpecTranslator.taskConfig(other, cluster: "build", key: Self.hello, owner: "mesostest"))
    }

    // MARK: Thrift round trip

    @Test("the translated job survives a createJob round trip in TJSON and TBinary")
    func thriftRoundTrip() throws {
        for body in [Self.helloBody, Self.contractExample] {
            let spec = try decode(body)
            let config = JobSpecTranslator.jobConfiguration(spec, cluster: "build", key: Self.buildKey, owner: "mesostest")
            for kind in [ThriftProtocolKind.json, .binary] {
                let args = CreateJobArgs(description: config)
                let call = try ThriftCodec.readCall(ThriftCodec.encodeCall(args, as: kind), as: kind)
                #expect(call.header.name == "createJob")
                #expect(try call.decodeArgs(CreateJobArgs.self) == args)
                let bare = ThriftCodec.encode(config, as: kind)
                #expect(try ThriftCodec.decode(JobConfiguration.self, from: bare, as: kind) == config)
            }
        }
    }
}

// MARK: Helpers

private func decode(_ text: String) throws -> JobSpec {
    try JobSpecDecoder.decode(Array(text.utf8))
}

/// A JSON object parsed with JSONSerialization.
private func parse(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any])
}

/// JSON text re-serialised with sorted keys, so that two texts compare by meaning rather than layout.
private func canonical(_ text: String) throws -> String {
    try canonical(object: JSONSerialization.jsonObject(with: Data(text.utf8)))
}

private func canonical(object: Any) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
}

/// Whether a parsed object or array means the same as the JSON text.
private func same(_ value: Any?, _ json: String) throws -> Bool {
    guard let value else { return false }
    return try canonical(object: value) == canonical(json)
}
