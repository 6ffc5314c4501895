import AuroraSimulator
import AuroraThrift
import Testing

@Suite("Task state machine")
struct TaskLifecycleTests {
    @Test func createdTasksStepToRunningOneIntervalAtATime() async throws {
        let (state, clock) = try Fixtures.scheduler()
        let created = await state.createJob(description: Fixtures.job(instances: 2))
        #expect(created.responseCode == .ok)
        #expect(created.serverInfo?.clusterName == "testcluster")
        #expect(created.details == [])

        var tasks = await state.scheduled()
        #expect(tasks.count == 2)
        #expect(tasks.allSatisfy { $0.status == .pending && $0.assignedTask?.slaveHost == nil })

        clock.advance(by: .seconds(1))
        tasks = await state.scheduled()
        #expect(tasks.allSatisfy { $0.status == .assigned })
        #expect(Set(tasks.compactMap { $0.assignedTask?.slaveHost }) == ["agent1.local", "agent2.local"])
        #expect(tasks.allSatisfy { $0.assignedTask?.slaveId?.isEmpty == false })

        clock.advance(by: .milliseconds(2500))
        tasks = await state.scheduled()
        #expect(tasks.allSatisfy { $0.status == .running })
        let events = try #require(tasks.first?.taskEvents)
        #expect(events.map(\.status) == [.pending, .assigned, .starting, .running])
        #expect(events.map(\.timestamp) == [0, 1000, 2000, 3000].map { Fixtures.start + $0 })
        #expect(events.allSatisfy { $0.scheduler == "scheduler.local" })
    }

    @Test func taskIdsFollowAuroraShape() async throws {
        let (state, _) = try Fixtures.scheduler()
        let key = JobKey(role: "www.data", environment: "prod", name: "web_1")
        _ = await state.createJob(description: Fixtures.job(key, instances: 1))
        let id = try #require(await state.scheduled(key).first?.id)
        #expect(id.hasPrefix("www-data-prod-web_1-0-"))
        #expect(id.count == "www-data-prod-web_1-0-".count + 36)
        #expect(id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
    }

    @Test func killMovesThroughKillingToKilledWithAuditMessage() async throws {
        let (state, clock) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job(instances: 3))
        clock.advance(by: .seconds(3))

        let killed = await state.killTasks(job: Fixtures.key, instances: [0, 2], message: "maintenance", user: "alice")
        #expect(killed.responseCode == .ok)
        #expect(killed.details == [])
        var tasks = await state.scheduled()
        #expect(tasks.map(\.status) == [.killing, .running, .killing])
        #expect(tasks[0].taskEvents?.last?.message == "Killed by alice.\nmaintenance")

        clock.advance(by: .seconds(1))
        tasks = await state.scheduled()
        #expect(tasks.map(\.status) == [.killed, .running, .killed])

        let again = await state.killTasks(job: Fixtures.key, instances: [0], message: nil)
        #expect(again.responseCode == .ok)
        #expect(again.details?.first?.message == "No tasks to kill.")
        _ = await state.killTasks(job: Fixtures.key, instances: nil, message: nil, user: "bob")
        #expect(await state.scheduled()[1].taskEvents?.last?.message == "Killed by bob")
    }

    @Test func pendingTasksDieImmediately() async throws {
        let (state, _) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job())
        _ = await state.killTasks(job: Fixtures.key, instances: [], message: nil)
        #expect(await state.scheduled().map(\.statusHistory) == [[.pending, .killed]])
    }

    @Test func restartReplacesTaskWithAncestor() async throws {
        let (state, clock) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job(instances: 2))
        clock.advance(by: .seconds(3))
        let original = await state.scheduled()[1]

        #expect(await state.restartShards(job: Fixtures.key, shardIds: [1, 5]).details?.first?.message
            == "Not all requested shards are active.")
        let restarted = await state.restartShards(job: Fixtures.key, shardIds: [1], user: "carol")
        #expect(restarted.responseCode == .ok)
        var tasks = await state.scheduled()
        #expect(tasks.first { $0.id == original.id }?.status == .restarting)
        #expect(tasks.first { $0.id == original.id }?.taskEvents?.last?.message == "Restarted by carol")

        clock.advance(by: .seconds(1))
        tasks = await state.scheduled()
        #expect(tasks.first { $0.id == original.id }?.status == .killed)
        let replacement = try #require(tasks.first { $0.ancestorId == original.id })
        #expect(replacement.instance == 1)
        #expect(replacement.status == .pending)
        #expect(replacement.config == original.config)
    }

    @Test func addInstancesCopiesTheGivenInstance() async throws {
        let (state, clock) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job(instances: 2))
        clock.advance(by: .seconds(3))
        let added = await state.addInstances(key: InstanceKey(jobKey: Fixtures.key, instanceId: 0), count: 2)
        #expect(added.responseCode == .ok)
        let tasks = await state.active()
        #expect(tasks.map(\.instance) == [0, 1, 2, 3])
        #expect(tasks[3].config == tasks[0].config)
        #expect(tasks[3].status == .pending)

        let missing = await state.addInstances(key: InstanceKey(jobKey: Fixtures.key, instanceId: 9), count: 1)
        #expect(missing.details?.first?.message == "No active task found for a given instance ID.")
        let zero = await state.addInstances(key: InstanceKey(jobKey: Fixtures.key, instanceId: 0), count: 0)
        #expect(zero.responseCode == .invalidRequest)
    }

    @Test func batchTasksFinishWhenConfigured() async throws {
        let (state, clock) = try Fixtures.scheduler { $0.batchTaskRunTime = .seconds(10) }
        _ = await state.createJob(description: Fixtures.job())
        clock.advance(by: .seconds(12))
        #expect(await state.scheduled().first?.status == .running)
        clock.advance(by: .seconds(1))
        #expect(await state.scheduled().first?.status == .finished)
    }

    @Test func tasksWithoutConfigsDropExecutorData() async throws {
        let (state, _) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job())
        let full = await state.getTasksStatus(query: TaskQuery(jobKeys: [Fixtures.key])).tasks
        let slim = await state.getTasksWithoutConfigs(query: TaskQuery(jobKeys: [Fixtures.key])).tasks
        #expect(full.first?.config?.executorConfig == ExecutorConfig(name: "AuroraExecutor", data: #"{"task":"hello"}"#))
        #expect(slim.first?.config?.executorConfig == ExecutorConfig(name: "AuroraExecutor"))
    }

    @Test func namedPortsAreAssignedAndLinksFilled() async throws {
        let (state, clock) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job(task: Fixtures.task(ports: ["http", "admin"])))
        clock.advance(by: .seconds(1))
        let task = try #require(await state.scheduled().first)
        #expect(Set(task.assignedTask?.assignedPorts?.keys.map { $0 } ?? []) == ["http", "admin"])
        #expect(task.config?.taskLinks == ["http": "http://%host%:%port:http%"])
    }

    @Test func terminalHistoryIsPruned() async throws {
        let (state, clock) = try Fixtures.scheduler { $0.maxTerminalTasksPerJob = 2 }
        _ = await state.createJob(description: Fixtures.job())
        for _ in 0..<4 {
            clock.advance(by: .seconds(3))
            _ = await state.restartShards(job: Fixtures.key, shardIds: [0])
            clock.advance(by: .seconds(1))
        }
        let tasks = await state.scheduled()
        #expect(tasks.filter { $0.status?.isTerminal == true }.count == 2)
        #expect(tasks.filter { $0.status?.isActive == true }.count == 1)
    }
}
