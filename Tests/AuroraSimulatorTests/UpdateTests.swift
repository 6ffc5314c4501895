import AuroraSimulator
import AuroraThrift
import Testing

@Suite("Job updates")
struct UpdateTests {
    /// A scheduler running `instances` RUNNING instances of the fixture service at config "v1".
    private func runningService(instances: Int32 = 3) async throws -> (SchedulerState, ManualClock) {
        let (state, clock) = try Fixtures.scheduler()
        #expect(await state.createJob(description: Fixtures.service(instances: instances)).responseCode == .ok)
        clock.advance(by: .seconds(3))
        return (state, clock)
    }

    private func v2(_ instances: Int32 = 3, groupSize: Int32 = 1, strategy: JobUpdateStrategy? = nil, pulseMs: Int32? = nil) -> JobUpdateRequest {
        Fixtures.updateRequest(Fixtures.task(service: true, data: "v2"), instances: instances, groupSize: groupSize, strategy: strategy, pulseMs: pulseMs)
    }

    private func summary(_ state: SchedulerState, _ key: JobUpdateKey) async -> JobUpdateSummary? {
        await state.getJobUpdateSummaries(query: JobUpdateQuery(key: key)).updateSummaries.first
    }

    private func details(_ state: SchedulerState, _ key: JobUpdateKey) async -> JobUpdateDetails? {
        await state.getJobUpdateDetails(key: nil, query: JobUpdateQuery(key: key)).updateDetails.first
    }

    private func dataOfActiveTasks(_ state: SchedulerState) async -> [String] {
        await state.active().compactMap { $0.config?.executorConfig?.data }
    }

    @Test func rollsForwardInstanceByInstance() async throws {
        let (state, clock) = try await runningService()
        let started = await state.startJobUpdate(request: v2(), message: "deploy v2", user: "alice")
        #expect(started.responseCode == .ok)
        let key = try #require(started.updateKey)
        guard case .startJobUpdateResult(let result)? = started.result else { Issue.record("no result"); return }
        #expect(result.updateSummary?.state?.status == .rollingForward)
        #expect(result.updateSummary?.user == "alice")

        let killing = await state.active().first { $0.instance == 0 }
        #expect(killing?.status == .killing)
        #expect(killing?.taskEvents?.last?.message == "Killed for job update \(key.id ?? "")")

        clock.advance(by: .seconds(4))
        #expect(await summary(state, key)?.state?.status == .rollingForward)
        #expect(await dataOfActiveTasks(state) == ["v2", "v1", "v1"])

        clock.advance(by: .seconds(8))
        let done = await summary(state, key)
        #expect(done?.state?.status == .rolledForward)
        #expect(done?.state?.lastModifiedTimestampMs == Fixtures.start + 15_000)
        #expect(await dataOfActiveTasks(state) == ["v2", "v2", "v2"])

        let info = try #require(await details(state, key))
        #expect(info.updateEvents?.map(\.status) == [.rollingForward, .rolledForward])
        #expect(info.updateEvents?.first?.user == "alice")
        #expect(info.updateEvents?.first?.message == "deploy v2")
        #expect(info.instanceEvents?.map(\.instanceId) == [0, 0, 1, 1, 2, 2])
        #expect(info.instanceEvents?.map(\.action) == [
            .instanceUpdating, .instanceUpdated, .instanceUpdating, .instanceUpdated, .instanceUpdating, .instanceUpdated,
        ])
        #expect(info.update?.instructions?.desiredState?.instances == [AuroraThrift.Range(first: 0, last: 2)])
        #expect(info.update?.instructions?.initialState?.first?.task?.executorConfig?.data == "v1")
        #expect(info.update?.summary?.metadata == [Metadata(key: "org.apache.aurora.client.update_id", value: "test")])
    }

    @Test func noopConflictAndInvalidRequests() async throws {
        let (state, _) = try await runningService()
        let same = Fixtures.updateRequest(Fixtures.task(service: true, data: "v1"), instances: 3)
        let noop = await state.startJobUpdate(request: same, message: nil)
        #expect(noop.responseCode == .ok)
        #expect(noop.result == nil)
        #expect(noop.details?.first?.message == "Job is unchanged by proposed update.")

        let first = try #require(await state.startJobUpdate(request: v2(), message: nil).updateKey)
        let conflict = await state.startJobUpdate(request: v2(4), message: nil)
        #expect(conflict.responseCode == .invalidRequest)
        #expect(conflict.updateKey == first)
        #expect(conflict.details?.first?.message?.hasPrefix("An active update already exists for this job") == true)

        #expect(await state.killTasks(job: Fixtures.key, instances: nil, message: nil).responseCode == .jobUpdatingError)

        let batch = Fixtures.updateRequest(Fixtures.task(service: false), instances: 1)
        #expect(await state.startJobUpdate(request: batch, message: nil).details?.first?.message
            == "Updates are not supported for non-service tasks.")
        let zeroGroup = Fixtures.updateRequest(Fixtures.task(service: true), instances: 1, groupSize: 0)
        #expect(await state.startJobUpdate(request: zeroGroup, message: nil).details?.first?.message == "updateGroupSize must be positive.")
        #expect(await state.startJobUpdate(request: JobUpdateRequest(), message: nil).details?.first?.message
            == "Missing or invalid job key from request.")

        let cronKey = JobKey(role: "mesostest", environment: "prod", name: "cron")
        _ = await state.scheduleCronJob(description: Fixtures.job(cronKey, cron: "0 0 * * *"))
        let cronUpdate = Fixtures.updateRequest(Fixtures.task(cronKey, service: true), instances: 1)
        #expect(await state.startJobUpdate(request: cronUpdate, message: nil).details?.first?.message
            == "Cron jobs may only be created/updated by calling scheduleCronJob.")
    }

    @Test func pauseAndResume() async throws {
        let (state, clock) = try await runningService()
        let key = try #require(await state.startJobUpdate(request: v2(), message: nil).updateKey)
        #expect(await state.pauseJobUpdate(key: key, message: "hold on", user: "bob").responseCode == .ok)
        #expect(await state.pauseJobUpdate(key: key, message: nil).responseCode == .ok)
        #expect(await summary(state, key)?.state?.status == .rollForwardPaused)

        clock.advance(by: .seconds(20))
        // The instance already in flight finishes its tasks, but no new instance starts.
        #expect(await dataOfActiveTasks(state) == ["v2", "v1", "v1"])

        #expect(await state.resumeJobUpdate(key: key, message: nil, user: "bob").responseCode == .ok)
        clock.advance(by: .seconds(8))
        #expect(await summary(state, key)?.state?.status == .rolledForward)
        let events = await details(state, key)?.updateEvents ?? []
        #expect(events.map(\.status) == [.rollingForward, .rollForwardPaused, .rollingForward, .rolledForward])
        #expect(events[1].user == "bob")
        #expect(events[1].message == "hold on")

        let finished = await state.pauseJobUpdate(key: key, message: nil)
        #expect(finished.responseCode == .invalidRequest)
    }

    @Test func abortStopsTheUpdateAndReleasesTheJob() async throws {
        let (state, clock) = try await runningService()
        let key = try #require(await state.startJobUpdate(request: v2(), message: nil).updateKey)
        clock.advance(by: .seconds(4))
        #expect(await state.abortJobUpdate(key: key, message: nil).responseCode == .ok)
        clock.advance(by: .seconds(20))
        #expect(await summary(state, key)?.state?.status == .aborted)
        // Instance 1 was being replaced when the update was aborted: its replacement still comes up.
        #expect(await dataOfActiveTasks(state) == ["v2", "v2", "v1"])
        #expect(await details(state, key)?.instanceEvents?.map(\.action) == [.instanceUpdating, .instanceUpdated, .instanceUpdating])
        #expect(await state.killTasks(job: Fixtures.key, instances: [2], message: nil).responseCode == .ok)

        let unknown = await state.abortJobUpdate(key: JobUpdateKey(job: Fixtures.key, id: "nope"), message: nil)
        #expect(unknown.details?.first?.message == "Update does not exist: mesostest/devel/hello/nope")
    }

    @Test func rollbackRevertsTouchedInstancesNewestFirst() async throws {
        let (state, clock) = try await runningService()
        let key = try #require(await state.startJobUpdate(request: v2(), message: nil).updateKey)
        clock.advance(by: .seconds(5))  // instance 0 updated, instance 1 being replaced
        #expect(await state.rollbackJobUpdate(key: key, message: "bad build", user: "carol").responseCode == .ok)
        #expect(await summary(state, key)?.state?.status == .rollingBack)
        clock.advance(by: .seconds(30))
        #expect(await summary(state, key)?.state?.status == .rolledBack)
        #expect(await dataOfActiveTasks(state) == ["v1", "v1", "v1"])

        let info = try #require(await details(state, key))
        #expect(info.updateEvents?.map(\.status) == [.rollingForward, .rollingBack, .rolledBack])
        let rollbackEvents = (info.instanceEvents ?? []).filter { $0.action == .instanceRollingBack || $0.action == .instanceRolledBack }
        #expect(rollbackEvents.map(\.instanceId) == [1, 1, 0, 0])
    }

    @Test func rollbackIsOnlyAllowedWhileRollingForward() async throws {
        let (state, _) = try await runningService()
        let key = try #require(await state.startJobUpdate(request: v2(), message: nil).updateKey)
        _ = await state.pauseJobUpdate(key: key, message: nil)
        let refused = await state.rollbackJobUpdate(key: key, message: nil)
        #expect(refused.responseCode == .invalidRequest)
        #expect(refused.details?.first?.message == "Cannot transition update from ROLL_FORWARD_PAUSED to ROLLING_BACK")
    }

    @Test func pulsesGateCoordinatedUpdates() async throws {
        let (state, clock) = try await runningService(instances: 2)
        let key = try #require(await state.startJobUpdate(request: v2(2, pulseMs: 3000), message: nil).updateKey)
        #expect(await summary(state, key)?.state?.status == .rollForwardAwaitingPulse)
        clock.advance(by: .seconds(10))
        #expect(await dataOfActiveTasks(state) == ["v1", "v1"])

        guard case .pulseJobUpdateResult(let pulse)? = await state.pulseJobUpdate(key: key).result else {
            Issue.record("no pulse result")
            return
        }
        #expect(pulse.status == .ok)
        #expect(await summary(state, key)?.state?.status == .rollingForward)

        clock.advance(by: .seconds(6))  // no pulse for 3 s: blocked while instance 0 was still starting
        #expect(await summary(state, key)?.state?.status == .rollForwardAwaitingPulse)
        #expect(await dataOfActiveTasks(state) == ["v2", "v1"])

        _ = await state.pulseJobUpdate(key: key)
        clock.advance(by: .seconds(2))
        _ = await state.pulseJobUpdate(key: key)
        clock.advance(by: .seconds(4))
        #expect(await summary(state, key)?.state?.status == .rolledForward)
        guard case .pulseJobUpdateResult(let finished)? = await state.pulseJobUpdate(key: key).result else {
            Issue.record("no pulse result")
            return
        }
        #expect(finished.status == .finished)
        let events = await details(state, key)?.updateEvents?.map(\.status)
        #expect(events == [
            .rollForwardAwaitingPulse, .rollingForward, .rollForwardAwaitingPulse, .rollingForward, .rolledForward,
        ])
        let unknown = await state.pulseJobUpdate(key: JobUpdateKey(job: Fixtures.key, id: "nope"))
        #expect(unknown.responseCode == .invalidRequest)
    }

    @Test func batchStrategyWithAutopause() async throws {
        let (state, clock) = try await runningService(instances: 4)
        let strategy = JobUpdateStrategy.batchStrategy(BatchJobUpdateStrategy(groupSize: 2, autopauseAfterBatch: true))
        let key = try #require(await state.startJobUpdate(request: v2(4, strategy: strategy), message: nil).updateKey)
        #expect(await state.active().filter { $0.status == .killing }.map(\.instance) == [0, 1])
        clock.advance(by: .seconds(4))
        #expect(await summary(state, key)?.state?.status == .rollForwardPaused)
        #expect(await dataOfActiveTasks(state) == ["v2", "v2", "v1", "v1"])
        _ = await state.resumeJobUpdate(key: key, message: nil)
        clock.advance(by: .seconds(4))
        #expect(await summary(state, key)?.state?.status == .rolledForward)
        #expect(await dataOfActiveTasks(state) == ["v2", "v2", "v2", "v2"])
    }

    @Test func updatesCanAddAndRemoveInstances() async throws {
        let (state, clock) = try await runningService(instances: 2)
        let grow = Fixtures.updateRequest(Fixtures.task(service: true, data: "v1"), instances: 3)
        let key = try #require(await state.startJobUpdate(request: grow, message: nil).updateKey)
        let instructions = await details(state, key)?.update?.instructions
        #expect(instructions?.initialState == [])
        #expect(instructions?.desiredState?.instances == [AuroraThrift.Range(first: 2, last: 2)])
        clock.advance(by: .seconds(3))
        #expect(await summary(state, key)?.state?.status == .rolledForward)
        #expect(await state.active().map(\.instance) == [0, 1, 2])

        let shrink = Fixtures.updateRequest(Fixtures.task(service: true, data: "v1"), instances: 1)
        let second = try #require(await state.startJobUpdate(request: shrink, message: nil).updateKey)
        clock.advance(by: .seconds(2))
        #expect(await summary(state, second)?.state?.status == .rolledForward)
        #expect(await state.active().map(\.instance) == [0])
    }

    @Test func diffGroupsInstancesByConfig() async throws {
        let (state, _) = try await runningService()
        let response = await state.getJobUpdateDiff(request: Fixtures.updateRequest(Fixtures.task(service: true, data: "v2"), instances: 2))
        guard case .getJobUpdateDiffResult(let diff)? = response.result else { Issue.record("no diff"); return }
        #expect(diff.add == [])
        #expect(diff.update?.map(\.instances) == [[AuroraThrift.Range(first: 0, last: 1)]])
        #expect(diff.update?.first?.config?.executorConfig?.data == "v1")
        #expect(diff.remove?.map(\.instances) == [[AuroraThrift.Range(first: 2, last: 2)]])
        #expect(diff.unchanged == [])

        let grow = await state.getJobUpdateDiff(request: Fixtures.updateRequest(Fixtures.task(service: true, data: "v1"), instances: 5))
        guard case .getJobUpdateDiffResult(let added)? = grow.result else { Issue.record("no diff"); return }
        #expect(added.add?.map(\.instances) == [[AuroraThrift.Range(first: 3, last: 4)]])
        #expect(added.unchanged?.map(\.instances) == [[AuroraThrift.Range(first: 0, last: 2)]])
    }

    @Test func summariesAndDetailsQueries() async throws {
        let (state, clock) = try await runningService(instances: 1)
        let first = try #require(await state.startJobUpdate(request: v2(1), message: nil, user: "alice").updateKey)
        clock.advance(by: .seconds(4))
        let v3 = Fixtures.updateRequest(Fixtures.task(service: true, data: "v3"), instances: 1)
        let second = try #require(await state.startJobUpdate(request: v3, message: nil, user: "bob").updateKey)

        #expect(await state.getJobUpdateSummaries(query: JobUpdateQuery(role: "mesostest")).updateSummaries.map(\.key) == [second, first])
        #expect(await state.getJobUpdateSummaries(query: JobUpdateQuery(user: "alice")).updateSummaries.map(\.key) == [first])
        let active = JobUpdateQuery(jobKey: Fixtures.key, updateStatuses: [.rollingForward, .rollForwardPaused])
        #expect(await state.getJobUpdateSummaries(query: active).updateSummaries.map(\.key) == [second])
        #expect(await state.getJobUpdateSummaries(query: JobUpdateQuery(offset: 1, limit: 1)).updateSummaries.map(\.key) == [first])
        #expect(await state.getJobUpdateSummaries(query: JobUpdateQuery(role: "other")).updateSummaries.isEmpty)

        let byKey = await state.getJobUpdateDetails(key: first, query: nil)
        #expect(byKey.updateDetails.first?.update?.summary?.key == first)
        #expect(byKey.details?.first?.message == "The key argument is deprecated, use the query argument instead")
        #expect(await state.getJobUpdateDetails(key: nil, query: nil).responseCode == .error)
        #expect(await state.getJobUpdateDetails(key: JobUpdateKey(job: Fixtures.key, id: "x"), query: nil).responseCode == .invalidRequest)
    }
}
