import AuroraSimulator
import AuroraThrift
import Testing

@Suite("Quota")
struct QuotaTests {
    private func quota(_ response: Response) -> GetQuotaResult? {
        if case .getQuotaResult(let result)? = response.result { return result }
        return nil
    }

    @Test func reportsQuotaAndConsumption() async throws {
        let (state, _) = try Fixtures.scheduler()
        let empty = try #require(quota(await state.getQuota(ownerRole: "mesostest")))
        #expect(empty.quota?.resources == [.numCpus(0), .ramMb(0), .diskMb(0)])

        let limit = ResourceAggregate(resources: [.numCpus(4), .ramMb(4096), .diskMb(8192)])
        #expect(await state.setQuota(ownerRole: "mesostest", quota: limit).responseCode == .ok)
        _ = await state.createJob(description: Fixtures.job(instances: 2))
        let prodKey = JobKey(role: "mesostest", environment: "prod", name: "web")
        _ = await state.createJob(description: Fixtures.job(prodKey, instances: 3, task: Fixtures.task(prodKey, cpus: 1, ramMb: 512, production: true)))

        let result = try #require(quota(await state.getQuota(ownerRole: "mesostest")))
        #expect(result.quota?.resources == limit.resources)
        #expect(result.prodSharedConsumption?.resources == [.numCpus(3), .ramMb(1536), .diskMb(48)])
        #expect(result.nonProdSharedConsumption?.resources == [.numCpus(0.2), .ramMb(32), .diskMb(32)])
        #expect(result.prodDedicatedConsumption?.resources == [.numCpus(0), .ramMb(0), .diskMb(0)])
        #expect(await state.getQuota(ownerRole: nil).responseCode == .invalidRequest)
    }

    @Test func productionJobsMustFitTheQuota() async throws {
        let (state, _) = try Fixtures.scheduler()
        let prodKey = JobKey(role: "mesostest", environment: "prod", name: "web")
        let job = Fixtures.job(prodKey, instances: 3, task: Fixtures.task(prodKey, cpus: 1, production: true))
        let refused = await state.createJob(description: job)
        #expect(refused.responseCode == .invalidRequest)
        #expect(refused.details?.first?.message?.hasPrefix("Insufficient resource quota: CPU quota exceeded by 3.0") == true)

        _ = await state.setQuota(ownerRole: "mesostest", quota: ResourceAggregate(resources: [.numCpus(3), .ramMb(100), .diskMb(100)]))
        #expect(await state.createJob(description: job).responseCode == .ok)
        let more = await state.addInstances(key: InstanceKey(jobKey: prodKey, instanceId: 0), count: 1)
        #expect(more.responseCode == .invalidRequest)
        #expect(await state.setQuota(ownerRole: "mesostest", quota: ResourceAggregate(resources: [.numCpus(-1)])).responseCode == .invalidRequest)
    }
}

@Suite("Host maintenance")
struct MaintenanceTests {
    @Test func drainMovesTasksAndDrainsHost() async throws {
        let (state, clock) = try Fixtures.scheduler()
        _ = await state.createJob(description: Fixtures.job(instances: 2))
        clock.advance(by: .seconds(3))
        let hosts = Hosts(hostNames: ["agent1.local"])

        #expect(await state.startMaintenance(hosts: hosts).hostStatuses == ["agent1.local": .scheduled])
        #expect(await state.drainHosts(hosts: hosts).hostStatuses == ["agent1.local": .draining])
        let draining = await state.scheduled().first { $0.assignedTask?.slaveHost == "agent1.local" }
        #expect(draining?.status == .draining)
        #expect(draining?.taskEvents?.last?.message == "Draining machine for maintenance.")

        clock.advance(by: .seconds(1))
        #expect(await state.maintenanceStatus(hosts: hosts).hostStatuses == ["agent1.local": .drained])
        clock.advance(by: .seconds(3))
        let active = await state.active()
        #expect(active.count == 2)
        #expect(active.allSatisfy { $0.status == .running && $0.assignedTask?.slaveHost == "agent2.local" })
        #expect(active.contains { $0.ancestorId == draining?.id })

        #expect(await state.endMaintenance(hosts: hosts).hostStatuses == ["agent1.local": MaintenanceMode.none])
        #expect(await state.maintenanceStatus(hosts: Hosts(hostNames: ["unknown.host"])).hostStatuses == ["unknown.host": MaintenanceMode.none])
    }

    @Test func tasksWaitWhileEveryHostIsDrained() async throws {
        let (state, clock) = try Fixtures.scheduler(hosts: ["only.local"])
        _ = await state.drainHosts(hosts: Hosts(hostNames: ["only.local"]))
        _ = await state.createJob(description: Fixtures.job())
        clock.advance(by: .seconds(5))
        let pending = try #require(await state.scheduled().first)
        #expect(pending.status == .pending)
        guard case .getPendingReasonResult(let reasons)? = await state.getPendingReason(query: TaskQuery(jobKeys: [Fixtures.key])).result
        else { Issue.record("no pending reasons"); return }
        #expect(reasons.reasons?.first?.taskId == pending.id)
        #expect(reasons.reasons?.first?.reason?.contains("maintenance") == true)

        _ = await state.endMaintenance(hosts: Hosts(hostNames: ["only.local"]))
        clock.advance(by: .seconds(3))
        #expect(await state.scheduled().first?.status == .running)
        let badQuery = await state.getPendingReason(query: TaskQuery(statuses: [.running]))
        #expect(badQuery.responseCode == .invalidRequest)
    }
}
