import AuroraSimulator
import AuroraThrift
import Testing

@Suite("Cron jobs")
struct CronTests {
    let cronKey = JobKey(role: "mesostest", environment: "prod", name: "nightly")

    @Test func scheduleNeedsACronSchedule() async throws {
        let (state, _) = try Fixtures.scheduler()
        let none = await state.scheduleCronJob(description: Fixtures.job(cronKey))
        #expect(none.details?.first?.message == "Job mesostest/prod/nightly has no cron schedule")
        let invalid = await state.scheduleCronJob(description: Fixtures.job(cronKey, cron: "61 * * * *"))
        #expect(invalid.details?.first?.message == "Invalid cron schedule: 61 * * * *")
        var service = Fixtures.job(cronKey, cron: "0 * * * *")
        service.taskConfig?.isService = true
        #expect(await state.scheduleCronJob(description: service).responseCode == .invalidRequest)
    }

    @Test func scheduleReplaceDescheduleLifecycle() async throws {
        let (state, _) = try Fixtures.scheduler()
        #expect(await state.scheduleCronJob(description: Fixtures.job(cronKey, cron: "0 3 * * *")).responseCode == .ok)
        #expect(await state.scheduleCronJob(description: Fixtures.job(cronKey, instances: 2, cron: "0 4 * * *")).responseCode == .ok)

        guard case .getJobsResult(let jobs)? = await state.getJobs(ownerRole: "mesostest").result else {
            Issue.record("no getJobsResult")
            return
        }
        #expect(jobs.configs?.count == 1)
        #expect(jobs.configs?.first?.cronSchedule == "0 4 * * *")
        #expect(jobs.configs?.first?.instanceCount == 2)

        let missing = await state.replaceCronTemplate(config: Fixtures.job(JobKey(role: "x", environment: "prod", name: "y"), cron: "* * * * *"))
        #expect(missing.details?.first?.message == "No cron template found for the given key: x/prod/y")
        #expect(await state.replaceCronTemplate(config: Fixtures.job(cronKey, cron: "*/5 * * * *")).responseCode == .ok)

        // A cron job counts as an existing job.
        #expect(await state.createJob(description: Fixtures.job(cronKey)).details?.first?.message == "Job mesostest/prod/nightly already exists")

        #expect(await state.descheduleCronJob(job: cronKey).details == [])
        let again = await state.descheduleCronJob(job: cronKey)
        #expect(again.responseCode == .ok)
        #expect(again.details?.first?.message == "Job mesostest/prod/nightly is not scheduled with cron")
    }

    @Test func startCronJobLaunchesAndKillsExistingRun() async throws {
        let (state, clock) = try Fixtures.scheduler()
        #expect(await state.startCronJob(job: cronKey).details?.first?.message
            == "Failed to start cron job - No cron template found for the given key: mesostest/prod/nightly")
        _ = await state.scheduleCronJob(description: Fixtures.job(cronKey, instances: 2, cron: "0 0 1 1 *"))
        #expect(await state.startCronJob(job: cronKey).responseCode == .ok)
        clock.advance(by: .seconds(3))
        let first = await state.active(cronKey)
        #expect(first.map(\.status) == [.running, .running])

        _ = await state.startCronJob(job: cronKey)
        #expect(await state.active(cronKey).map(\.status) == [.killing, .killing])
        clock.advance(by: .seconds(1))
        let second = await state.active(cronKey)
        #expect(second.map(\.status) == [.pending, .pending])
        #expect(Set(second.compactMap(\.ancestorId)) == Set(first.map(\.id)))
    }

    @Test func cronFiresOnScheduleAndReportsNextRun() async throws {
        let (state, clock) = try Fixtures.scheduler()
        // Clock starts at 2020-05-09T04:53:20Z; "every 10 minutes" next fires at 05:00:00.
        _ = await state.scheduleCronJob(description: Fixtures.job(cronKey, cron: "*/10 * * * *"))
        guard case .jobSummaryResult(let summary)? = await state.getJobSummary(role: "mesostest").result else {
            Issue.record("no jobSummaryResult")
            return
        }
        let nextRun: Int64 = 1_589_000_400_000
        #expect(summary.summaries?.first?.nextCronRunMs == nextRun)
        #expect(await state.scheduled(cronKey).isEmpty)

        clock.advance(by: .milliseconds(nextRun - Fixtures.start + 500))
        let launched = await state.scheduled(cronKey)
        #expect(launched.count == 1)
        #expect(launched.first?.taskEvents?.first?.timestamp == nextRun)
    }

    @Test func cronScheduleParsing() async throws {
        #expect(try await CronScheduleProbe.next("0 * * * *", after: Fixtures.start) == 1_589_000_400_000)
        #expect(try await CronScheduleProbe.next("@daily", after: Fixtures.start) == 1_589_068_800_000)
        // 2020-05-09 is a Saturday: next Monday 09:30 is 2020-05-11T09:30Z.
        #expect(try await CronScheduleProbe.next("30 9 * * MON", after: Fixtures.start) == 1_589_189_400_000)
        #expect(try await CronScheduleProbe.next("0 0 29 2 *", after: Fixtures.start) == 1_709_164_800_000)
        #expect(try await CronScheduleProbe.next("bad", after: Fixtures.start) == nil)
        #expect(try await CronScheduleProbe.next("* * * *", after: Fixtures.start) == nil)
    }
}

/// Reads a cron schedule's next run through the public API (a cron template's `nextCronRunMs`).
enum CronScheduleProbe {
    static func next(_ expression: String, after start: Int64) async throws -> Int64? {
        let state = try SchedulerState(clock: ManualClock(startMilliseconds: start))
        let key = JobKey(role: "probe", environment: "prod", name: "cron")
        guard await state.scheduleCronJob(description: Fixtures.job(key, cron: expression)).responseCode == .ok,
              case .jobSummaryResult(let result)? = await state.getJobSummary(role: "probe").result
        else { return nil }
        return result.summaries?.first?.nextCronRunMs
    }
}
