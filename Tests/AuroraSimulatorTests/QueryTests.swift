import AuroraSimulator
import AuroraThrift
import Testing

@Suite("Read-only queries")
struct QueryTests {
    let other = JobKey(role: "www", environment: "prod", name: "web")

    private func populated() async throws -> (SchedulerState, ManualClock) {
        let (state, clock) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job(instances: 3))
        _ = await state.createJob(description: Fixtures.job(other, instances: 2))
        clock.advance(by: .seconds(3))
        _ = await state.killTasks(job: Fixtures.key, instances: [2], message: nil)
        clock.advance(by: .seconds(1))
        return (state, clock)
    }

    private func ids(_ state: SchedulerState, _ query: TaskQuery) async -> [String] {
        await state.getTasksWithoutConfigs(query: query).tasks.map { "\($0.config?.job?.name ?? "")/\($0.instance)" }
    }

    @Test func taskQueryFilters() async throws {
        let (state, _) = try await populated()
        #expect(await ids(state, TaskQuery()) == ["hello/0", "hello/1", "hello/2", "web/0", "web/1"])
        #expect(await ids(state, TaskQuery(role: "www")) == ["web/0", "web/1"])
        #expect(await ids(state, TaskQuery(environment: "devel")) == ["hello/0", "hello/1", "hello/2"])
        #expect(await ids(state, TaskQuery(jobName: "web", instanceIds: [1])) == ["web/1"])
        #expect(await ids(state, TaskQuery(statuses: [.killed])) == ["hello/2"])
        #expect(await ids(state, TaskQuery(jobKeys: [Fixtures.key], offset: 1, limit: 1)) == ["hello/1"])
        let hosts = await state.getTasksStatus(query: TaskQuery(role: "www")).tasks.compactMap { $0.assignedTask?.slaveHost }
        #expect(await ids(state, TaskQuery(slaveHosts: [hosts[0]])).contains("web/0"))
        let taskId = try #require(await state.scheduled(other).first?.id)
        #expect(await ids(state, TaskQuery(taskIds: [taskId])) == ["web/0"])
        #expect(await ids(state, TaskQuery(role: "www", environment: "devel")).isEmpty)
    }

    @Test func summariesOfRolesAndJobs() async throws {
        let (state, _) = try await populated()
        _ = await state.scheduleCronJob(description: Fixtures.job(JobKey(role: "www", environment: "prod", name: "nightly"), cron: "0 2 * * *"))

        guard case .roleSummaryResult(let roles)? = await state.getRoleSummary().result else { Issue.record("no roles"); return }
        #expect(roles.summaries == [
            RoleSummary(role: "mesostest", jobCount: 1, cronJobCount: 0),
            RoleSummary(role: "www", jobCount: 1, cronJobCount: 1),
        ])

        guard case .jobSummaryResult(let jobs)? = await state.getJobSummary(role: "mesostest").result else { Issue.record("no jobs"); return }
        let summary = try #require(jobs.summaries?.first)
        #expect(jobs.summaries?.count == 1)
        #expect(summary.stats == JobStats(activeTaskCount: 2, finishedTaskCount: 1, failedTaskCount: 0, pendingTaskCount: 0))
        #expect(summary.job?.key == Fixtures.key)
        #expect(summary.nextCronRunMs == nil)

        guard case .getJobsResult(let all)? = await state.getJobs(ownerRole: nil).result else { Issue.record("no getJobs"); return }
        #expect(all.configs?.map { $0.key?.name } == ["hello", "nightly", "web"])
        #expect(all.configs?.first?.instanceCount == 2)
        #expect(all.configs?.first?.taskConfig?.tier == "preemptible")
    }

    @Test func configSummaryGroupsIdenticalConfigs() async throws {
        let (state, clock) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.service(instances: 4))
        clock.advance(by: .seconds(3))
        let update = Fixtures.updateRequest(Fixtures.task(service: true, data: "v2"), instances: 4, only: [AuroraThrift.Range(first: 1, last: 2)])
        _ = await state.startJobUpdate(request: update, message: nil)
        clock.advance(by: .seconds(8))

        guard case .configSummaryResult(let result)? = await state.getConfigSummary(job: Fixtures.key).result else {
            Issue.record("no config summary")
            return
        }
        let groups = result.summary?.groups ?? []
        #expect(result.summary?.key == Fixtures.key)
        #expect(groups.map { $0.config?.executorConfig?.data } == ["v1", "v2"])
        #expect(groups.map(\.instances) == [
            [AuroraThrift.Range(first: 0, last: 0), AuroraThrift.Range(first: 3, last: 3)],
            [AuroraThrift.Range(first: 1, last: 2)],
        ])
        let outside = Fixtures.updateRequest(Fixtures.task(service: true, data: "v3"), instances: 4, only: [AuroraThrift.Range(first: 7, last: 7)])
        let refused = await state.startJobUpdate(request: outside, message: nil)
        #expect(refused.details?.first?.message?.hasSuffix("irrelevant to the update and current job state: [7]") == true)
    }
}
