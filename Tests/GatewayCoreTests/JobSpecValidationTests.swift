import AuroraThrift
import GatewayCore
import Testing

@Suite("Job spec validation: every problem at once, each with its JSON pointer and what to send instead")
struct JobSpecValidationTests {
    @Test("missing cpu, negative ram, an unknown field, a duplicate process and an unknown order entry, all in one answer")
    func severalProblemsAtOnce() throws {
        let body: String = #"{"resources":{"ram_mb":-5,"disk_mb":16,"memory":1},"#
            + #""processes":[{"name":"a","cmdline":"x"},{"name":"a","cmdline":"y"}],"order":["a","nope"]}"#
        let error = try #require(invalid(body))
        #expect(error.pointers == ["/resources/memory", "/resources/cpu", "/resources/ram_mb", "/processes/1/name", "/order/1"])
        #expect(error.problems[0].message == "unknown field; allowed here: cpu, ram_mb, disk_mb, gpus, ports")
        #expect(error.problems[1].message.hasPrefix("required: CPU cores"))
        #expect(error.problems[2].message.hasPrefix("must be at least 1"))
        #expect(error.problems[3].message.contains("/processes/0/name"))
        #expect(error.problems[4].message.contains("nope") && error.problems[4].message.contains("a"))
        let problem = error.problem
        #expect(problem.status == 400)
        #expect(problem.kind == "invalid-job-spec")
        for expected in error.problems {
            #expect(problem.detail.contains("\(expected.pointer): \(expected.message)"))
        }
        #expect(problem.detail == error.problems.map { "\($0.pointer): \($0.message)" }.joined(separator: "; "))
    }

    @Test("wrong types, bad names, constraint syntax, cron policy and health check choice are each reported")
    func everyKindOfProblem() throws {
        let body: String = #"{"instances":"2","service":"yes","tier":"pre ferred","announce":{},"#
            + #""resources":{"cpu":"1","ram_mb":1.5,"disk_mb":16,"ports":["http","http","bad port"]},"#
            + #""processes":[{"name":"a b","cmdline":"run {{thermos.ports[http]}} {{role}}","daemon":1}],"#
            + #""container":{"docker":{}},"#
            + #""constraints":{"host":"limit:x","rack":"r1,,r2","zone":7},"#
            + #""cron":{"schedule":"* * *","collision_policy":"RUN_OVERLAP"},"metadata":{"pr":1234},"#
            + #""health_check":{"http":{},"shell":{"shell_command":"true"}}}"#
        let error = try #require(invalid(body))
        #expect(error.pointers == [
            "/announce", "/instances", "/service", "/tier",
            "/resources/cpu", "/resources/ram_mb", "/resources/ports/1", "/resources/ports/2",
            "/processes/0/name", "/processes/0/cmdline", "/processes/0/daemon",
            "/container/docker/image",
            "/constraints/host", "/constraints/rack", "/constraints/zone",
            "/cron/schedule", "/cron/collision_policy", "/metadata/pr", "/health_check",
        ])
        let messages = Dictionary(error.problems.map { ($0.pointer, $0.message) }, uniquingKeysWith: { first, _ in first })
        #expect(messages["/announce"]?.hasPrefix("unknown field; allowed here: instances, service") == true)
        #expect(messages["/instances"]?.contains("expected a whole number, got a string") == true)
        #expect(messages["/resources/ram_mb"]?.contains("got 1.5") == true)
        #expect(messages["/processes/0/cmdline"]?.contains("{{role}}") == true)
        #expect(messages["/processes/0/cmdline"]?.contains("thermos.ports[http]") == false)
        #expect(messages["/cron/collision_policy"]?.contains("CANCEL_NEW") == true)
        #expect(messages["/constraints/host"]?.contains("limit:1") == true)
    }

    @Test("not JSON, not an object, or an empty object")
    func wholeBodyProblems() throws {
        let garbage = try #require(invalid("{"))
        #expect(garbage.pointers == [""])
        #expect(garbage.problems[0].message.contains("not valid JSON"))
        #expect(garbage.problem.detail.hasPrefix("(body): the body is not valid JSON"))
        let array = try #require(invalid("[]"))
        #expect(array.pointers == [""])
        #expect(array.problems[0].message == "expected an object, got an array")
        #expect(invalid("{}")?.pointers == ["/resources", "/processes"])
        #expect(invalid(#"{"resources":{"cpu":1,"ram_mb":1,"disk_mb":1},"processes":[]}"#)?.pointers == ["/processes"])
    }

    @Test("JSON pointers escape ~ and / in keys (RFC 6901)")
    func pointerEscaping() throws {
        let body: String = #"{"resources":{"cpu":1,"ram_mb":1,"disk_mb":1},"processes":[{"name":"a","cmdline":"x"}],"#
            + #""metadata":{"a/b~c":7}}"#
        #expect(invalid(body)?.pointers == ["/metadata/a~1b~0c"])
    }

    @Test("instances is bounded, null counts as absent, integral floats are whole numbers")
    func numbersAndNulls() throws {
        let base = #""resources":{"cpu":1,"ram_mb":64.0,"disk_mb":64},"processes":[{"name":"a","cmdline":"x"}]"#
        #expect(invalid("{\"instances\":0,\(base)}")?.pointers == ["/instances"])
        #expect(invalid("{\"instances\":10001,\(base)}")?.pointers == ["/instances"])
        let spec = try JobSpecDecoder.decode(Array("{\"instances\":10000,\"tier\":null,\(base)}".utf8))
        #expect(spec.instances == 10_000 && spec.tier == nil && spec.resources.ramMb == 64)
    }

    @Test("shell health check, Mesos image, repeated docker parameters, GPUs and ports referenced from a command line")
    func otherShapes() throws {
        let body: String = #"{"resources":{"cpu":1,"ram_mb":64,"disk_mb":64,"gpus":1},"#
            + #""processes":[{"name":"web","cmdline":"./serve --port {{thermos.ports[http]}}"}],"#
            + #""container":{"mesos":{"image":{"docker":{"name":"alisw/cc7","tag":"latest"}}}},"#
            + #""health_check":{"shell":{"shell_command":"./check"},"timeout_secs":2.5}}"#
        let spec = try JobSpecDecoder.decode(Array(body.utf8))
        #expect(spec.healthCheck == JobSpec.HealthCheck(checker: .shell(command: "./check"), timeoutSecs: 2.5))
        #expect(spec.requestedPorts == ["http"])
        let key = JobKey(role: "mesostest", environment: "devel", name: "web")
        let task = JobSpecTranslator.taskConfig(spec, cluster: "build", key: key, owner: "mesostest")
        #expect(task.resources == [.numCpus(1), .ramMb(64), .diskMb(64), .namedPort("http"), .numGpus(1)])
        #expect(task.container == .mesos(MesosContainer(image: .docker(DockerImage(name: "alisw/cc7", tag: "latest")), volumes: [])))
        let data = JobSpecTranslator.executorData(spec, cluster: "build", key: key)
        #expect(data.contains(#""container":{"image":{"name":"alisw/cc7","tag":"latest"},"volumes":[]}"#))
        #expect(data.contains(#""health_checker":{"shell":{"shell_command":"./check"}}"#))
        #expect(data.contains(#""timeout_secs":2.5"#))
        #expect(data.contains(#""resources":{"cpu":1.0,"disk":67108864,"gpu":1,"ram":67108864}"#))

        let docker: String = #"{"resources":{"cpu":1,"ram_mb":64,"disk_mb":64},"processes":[{"name":"a","cmdline":"x"}],"#
            + #""container":{"docker":{"image":"x","parameters":{"volume":["/b:/b","/a:/a"],"env":"A=1"}}}}"#
        let parameters = JobSpecTranslator.taskConfig(try JobSpecDecoder.decode(Array(docker.utf8)), cluster: "build", key: key,
                                                      owner: "mesostest").container
        #expect(parameters == .docker(DockerContainer(image: "x", parameters: [
            DockerParameter(name: "env", value: "A=1"),
            DockerParameter(name: "volume", value: "/b:/b"),
            DockerParameter(name: "volume", value: "/a:/a"),
        ])))
    }

    @Test("CANCEL_NEW reaches the Thrift job and the executor JSON; the policy name is case-insensitive")
    func cancelNew() throws {
        let body: String = #"{"resources":{"cpu":1,"ram_mb":64,"disk_mb":64},"processes":[{"name":"a","cmdline":"x"}],"#
            + #""cron":{"schedule":"0 3 * * *","collision_policy":"cancel_new"}}"#
        let spec = try JobSpecDecoder.decode(Array(body.utf8))
        let key = JobKey(role: "mesostest", environment: "devel", name: "nightly")
        let config = JobSpecTranslator.jobConfiguration(spec, cluster: "build", key: key, owner: "mesostest")
        #expect(config.cronSchedule == "0 3 * * *")
        #expect(config.cronCollisionPolicy == .cancelNew)
        #expect(JobSpecTranslator.executorData(spec, cluster: "build", key: key).contains(#""cron_collision_policy":"CANCEL_NEW""#))
    }
}

/// The error a body is rejected with, or nil when it decodes.
private func invalid(_ text: String) -> JobSpecInvalid? {
    do throws(JobSpecInvalid) {
        _ = try JobSpecDecoder.decode(Array(text.utf8))
        return nil
    } catch {
        return error
    }
}
