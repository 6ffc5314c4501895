import Testing
@testable import AuroraThrift

/// The exact bodies of protocol.md §1.3, §1.4 and §5.3: each decodes to the documented values and
/// re-encodes to the identical bytes.
@Suite struct GoldenMessageTests {
    static let hello = JobKey(role: "mesostest", environment: "devel", name: "hello")
    static let serverInfo = ServerInfo(clusterName: "build", statsUrlPrefix: "")

    @Test func getRoleSummaryRequest() throws {
        let golden = bytes(#"[1,"getRoleSummary",1,0,{}]"#)
        #expect(ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .json) == golden)
        let call = try ThriftCodec.readCall(golden, as: .json)
        #expect(call.header == ThriftMessageHeader(name: "getRoleSummary", type: .call, seqid: 0))
        #expect(try call.decodeArgs(GetRoleSummaryArgs.self) == GetRoleSummaryArgs())
    }

    @Test func getRoleSummaryReply() throws {
        let golden = bytes(
            #"[1,"getRoleSummary",2,0,{"0":{"rec":{"1":{"i32":1},"3":{"rec":{"17":{"rec":{"1":{"set":["rec",1,"#
                + #"{"1":{"str":"mesostest"},"2":{"i32":1},"3":{"i32":0}}]}}}}},"5":{"rec":{"1":{"str":"build"},"#
                + #""3":{"str":""}}},"6":{"lst":["rec",0]}}}}]"#
        )
        let response = try ThriftCodec.decodeReply(golden, method: "getRoleSummary", as: .json)
        #expect(response.responseCode == .ok)
        #expect(response.serverInfo == Self.serverInfo)
        #expect(response.details == [])
        guard case .roleSummaryResult(let result) = response.result else {
            Issue.record("expected roleSummaryResult, got \(String(describing: response.result))")
            return
        }
        #expect(result.summaries == [RoleSummary(role: "mesostest", jobCount: 1, cronJobCount: 0)])
        #expect(ThriftCodec.encodeReply(response, method: "getRoleSummary", seqid: 0, as: .json) == golden)
        let expected = Response(
            responseCode: .ok, serverInfo: Self.serverInfo,
            result: .roleSummaryResult(RoleSummaryResult(summaries: [RoleSummary(role: "mesostest", jobCount: 1, cronJobCount: 0)])),
            details: []
        )
        #expect(ThriftCodec.encodeReply(expected, method: "getRoleSummary", seqid: 0, as: .json) == golden)
    }

    @Test func getTasksWithoutConfigsRequest() throws {
        let golden = bytes(
            #"[1,"getTasksWithoutConfigs",1,0,{"1":{"rec":{"11":{"set":["rec",1,{"1":{"str":"mesostest"},"#
                + #""2":{"str":"devel"},"3":{"str":"hello"}}]}}}}]"#
        )
        let args = GetTasksWithoutConfigsArgs(query: TaskQuery(jobKeys: [Self.hello]))
        #expect(ThriftCodec.encodeCall(args, as: .json) == golden)
        let call = try ThriftCodec.readCall(golden, as: .json)
        #expect(call.header.name == GetTasksWithoutConfigsArgs.methodName)
        let decoded = try call.decodeArgs(GetTasksWithoutConfigsArgs.self)
        #expect(decoded == args)
        #expect(decoded.query?.statuses == nil)
    }

    static let tasksReply = compact(#"""
        [1,"getTasksWithoutConfigs",2,0,{"0":{"rec":{"1":{"i32":1},
         "3":{"rec":{"3":{"rec":{"1":{"lst":["rec",1,
          {"1":{"rec":{"1":{"str":"mesostest-devel-hello-0-5f2b5c4e-8f0e-4d2e-9a57-0b1c2d3e4f50"},
                       "2":{"str":"a1b2c3d4-0000-0000-0000-000000000001-S0"},"3":{"str":"agent1.example.com"},
                       "4":{"rec":{"7":{"tf":0},"11":{"i32":0},"13":{"i32":1},"17":{"rec":{"2":{"str":"mesostest"}}},
                                   "18":{"tf":0},"20":{"set":["rec",0]},"22":{"map":["str","str",0,{}]},
                                   "25":{"rec":{"1":{"str":"AuroraExecutor"}}},"27":{"set":["rec",0]},
                                   "28":{"rec":{"1":{"str":"mesostest"},"2":{"str":"devel"},"3":{"str":"hello"}}},
                                   "29":{"rec":{"1":{"rec":{}}}},"30":{"str":"preemptible"},
                                   "32":{"set":["rec",3,{"1":{"dbl":0.1}},{"2":{"i64":16}},{"3":{"i64":16}}]}}},
                       "5":{"map":["str","i32",0,{}]},"6":{"i32":0}}},
           "2":{"i32":2},"3":{"i32":0},
           "4":{"lst":["rec",4,{"1":{"i64":1589000000000},"2":{"i32":0},"4":{"str":"scheduler1.example.com"}},
                               {"1":{"i64":1589000000350},"2":{"i32":9},"4":{"str":"scheduler1.example.com"}},
                               {"1":{"i64":1589000002100},"2":{"i32":1},"4":{"str":"scheduler1.example.com"}},
                               {"1":{"i64":1589000004500},"2":{"i32":2},"4":{"str":"scheduler1.example.com"}}]},
           "6":{"i32":0}}]}}}}},
         "5":{"rec":{"1":{"str":"build"},"3":{"str":""}}},"6":{"lst":["rec",0]}}}}]
        """#)

    @Test func getTasksWithoutConfigsReply() throws {
        let golden = bytes(Self.tasksReply)
        #expect(!hasWhitespaceOutsideStrings(golden))
        let response = try ThriftCodec.decodeReply(golden, method: "getTasksWithoutConfigs", as: .json)
        #expect(response.responseCode == .ok)
        #expect(response.serverInfo == Self.serverInfo)
        guard case .scheduleStatusResult(let result) = response.result, let task = result.tasks?.first else {
            Issue.record("expected one task in scheduleStatusResult")
            return
        }
        #expect(result.tasks?.count == 1)
        #expect(task.status == .running)
        #expect(task.failureCount == 0)
        #expect(task.timesPartitioned == 0)
        #expect(task.ancestorId == nil)
        #expect(task.taskEvents?.map(\.status) == [.pending, .assigned, .starting, .running])
        #expect(task.taskEvents?.map(\.timestamp) == [1_589_000_000_000, 1_589_000_000_350, 1_589_000_002_100, 1_589_000_004_500])
        #expect(task.taskEvents?.allSatisfy { $0.scheduler == "scheduler1.example.com" && $0.message == nil } == true)
        let assigned = try #require(task.assignedTask)
        #expect(assigned.taskId == "mesostest-devel-hello-0-5f2b5c4e-8f0e-4d2e-9a57-0b1c2d3e4f50")
        #expect(assigned.slaveId == "a1b2c3d4-0000-0000-0000-000000000001-S0")
        #expect(assigned.slaveHost == "agent1.example.com")
        #expect(assigned.assignedPorts == [:])
        #expect(assigned.instanceId == 0)
        let config = try #require(assigned.task)
        #expect(config.job == Self.hello)
        #expect(config.owner == Identity(user: "mesostest"))
        #expect(config.isService == false && config.production == false)
        #expect(config.priority == 0 && config.maxTaskFailures == 1)
        #expect(config.tier == "preemptible")
        #expect(config.resources == [.numCpus(0.1), .ramMb(16), .diskMb(16)])
        #expect(config.constraints == [] && config.metadata == [] && config.taskLinks == [:])
        #expect(config.mesosFetcherUris == nil && config.contactEmail == nil)
        #expect(config.executorConfig == ExecutorConfig(name: "AuroraExecutor", data: nil))
        #expect(config.container == .mesos(MesosContainer()))
        #expect(ThriftCodec.encodeReply(response, method: "getTasksWithoutConfigs", seqid: 0, as: .json) == golden)
    }

    @Test func createJobOKReply() throws {
        let golden = bytes(
            #"[1,"createJob",2,0,{"0":{"rec":{"1":{"i32":1},"5":{"rec":{"1":{"str":"build"},"3":{"str":""}}},"6":{"lst":["rec",0]}}}}]"#
        )
        let response = try ThriftCodec.decodeReply(golden, method: "createJob", as: .json)
        #expect(response == Response(responseCode: .ok, serverInfo: Self.serverInfo, details: []))
        #expect(response.result == nil)
        #expect(response.message == "")
        #expect(ThriftCodec.encodeReply(response, method: "createJob", seqid: 0, as: .json) == golden)
    }

    @Test func killTasksRequest() throws {
        let golden = bytes(
            #"[1,"killTasks",1,0,{"4":{"rec":{"1":{"str":"mesostest"},"2":{"str":"devel"},"3":{"str":"hello"}}},"#
                + #""5":{"set":["i32",1,0]},"6":{"str":"maintenance"}}]"#
        )
        let args = KillTasksArgs(job: Self.hello, instances: [0], message: "maintenance")
        #expect(ThriftCodec.encodeCall(args, as: .json) == golden)
        let call = try ThriftCodec.readCall(golden, as: .json)
        #expect(KillTasksArgs.isReadOnly == false)
        #expect(try call.decodeArgs(KillTasksArgs.self) == args)
    }

    @Test func authorizationFailureReply() throws {
        let golden = bytes(
            #"[1,"killTasks",2,0,{"0":{"rec":{"1":{"i32":4},"6":{"lst":["rec",1,{"1":{"str":"Subject alice is not permitted to ..."}}]}}}}]"#
        )
        let response = try ThriftCodec.decodeReply(golden, method: "killTasks", as: .json)
        #expect(response.responseCode == .authFailed)
        #expect(response.serverInfo == nil)
        #expect(response.message == "Subject alice is not permitted to ...")
        #expect(ThriftCodec.encodeReply(response, method: "killTasks", seqid: 0, as: .json) == golden)
    }

    @Test func createJobRequest() throws {
        let golden = bytes(
            #"[1,"createJob",1,0,{"1":{"rec":{"5":{"i32":0},"6":{"rec":{"7":{"tf":0},"11":{"i32":0},"13":{"i32":1},"#
                + #""17":{"rec":{"2":{"str":"mesostest"}}},"18":{"tf":0},"20":{"set":["rec",0]},"22":{"map":["str","str",0,{}]},"#
                + #""25":{"rec":{"1":{"str":"AuroraExecutor"},"2":{"str":"DATA"}}},"27":{"set":["rec",0]},"#
                + #""28":{"rec":{"1":{"str":"mesostest"},"2":{"str":"devel"},"3":{"str":"hello"}}},"29":{"rec":{"1":{"rec":{}}}},"#
                + #""32":{"set":["rec",3,{"1":{"dbl":0.1}},{"2":{"i64":16}},{"3":{"i64":16}}]}}},"7":{"rec":{"2":{"str":"mesostest"}}},"#
                + #""8":{"i32":1},"9":{"rec":{"1":{"str":"mesostest"},"2":{"str":"devel"},"3":{"str":"hello"}}}}}}]"#
        )
        let task = TaskConfig(
            job: Self.hello, owner: Identity(user: "mesostest"), isService: false, priority: 0, maxTaskFailures: 1,
            production: false, resources: [.numCpus(0.1), .ramMb(16), .diskMb(16)], constraints: [], taskLinks: [:],
            executorConfig: ExecutorConfig(name: AuroraConstants.auroraExecutorName, data: "DATA"), metadata: [],
            container: .mesos(MesosContainer())
        )
        let args = CreateJobArgs(description: JobConfiguration(
            key: Self.hello, owner: Identity(user: "mesostest"), cronCollisionPolicy: .killExisting,
            taskConfig: task, instanceCount: 1
        ))
        #expect(ThriftCodec.encodeCall(args, as: .json) == golden)
        let decoded = try ThriftCodec.readCall(golden, as: .json).decodeArgs(CreateJobArgs.self)
        #expect(decoded == args)
        #expect(decoded.description?.cronSchedule == nil)
        #expect(decoded.description?.taskConfig?.tier == nil)
    }

    @Test func binaryGetRoleSummaryCall() throws {
        let golden = hex("80 01 00 01 00 00 00 0e 67 65 74 52 6f 6c 65 53 75 6d 6d 61 72 79 00 00 00 00 00")
        #expect(golden.count == 27)
        #expect(ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .binary) == golden)
        let call = try ThriftCodec.readCall(golden, as: .binary)
        #expect(call.header == ThriftMessageHeader(name: "getRoleSummary", type: .call, seqid: 0))
        #expect(try call.decodeArgs(GetRoleSummaryArgs.self) == GetRoleSummaryArgs())
    }

    @Test func binaryNonStrictHeaderIsAccepted() throws {
        // Old clients write the name length first, then the type byte, then the seqid.
        let nonStrict = hex("00 00 00 0e 67 65 74 52 6f 6c 65 53 75 6d 6d 61 72 79 01 00 00 00 07 00")
        let call = try ThriftCodec.readCall(nonStrict, as: .binary)
        #expect(call.header == ThriftMessageHeader(name: "getRoleSummary", type: .call, seqid: 7))
        #expect(try call.decodeArgs(GetRoleSummaryArgs.self) == GetRoleSummaryArgs())
    }

    @Test func goldenRepliesSurviveTheBinaryProtocol() throws {
        let response = try ThriftCodec.decodeReply(bytes(Self.tasksReply), method: "getTasksWithoutConfigs", as: .json)
        let binary = ThriftCodec.encodeReply(response, method: "getTasksWithoutConfigs", seqid: 42, as: .binary)
        #expect(try ThriftCodec.decodeReply(binary, method: "getTasksWithoutConfigs", as: .binary) == response)
        #expect(Array(binary.prefix(4)) == [0x80, 0x01, 0x00, 0x02])
    }
}
