import AuroraSimulator
import Foundation
import GRDB
import GatewayCore
import Testing

@Suite("Scheduler answers and failures become clear HTTP errors")
struct SchedulerErrorTests {
    @Test("ERROR_TRANSIENT and a scheduler that is down: 503 with Retry-After; an unknown cluster: 404 naming the configured ones")
    func unavailable() async throws {
        let sim = try await SimulatedCluster.start()
        let gateway = try await RunningGateway.start(sim.configure)
        defer { Task { await gateway.stop() } }
        let dave = try await gateway.issue("dave").secret
        sim.simulator.faults.inject(Fault(errorTransient: true))
        let transient = try await gateway.call("POST", APIFixture.job, token: dave, json: APIFixture.service)
        #expect(transient.status == 503, "\(transient.text)")
        #expect(transient.header("Retry-After") != nil)
        #expect(transient.type == "urn:aurora-gateway:problem:scheduler-transient")
        sim.simulator.faults.clear()
        let unknown = try await gateway.call("GET", "/v1/clusters/nowhere/roles", token: dave)
        #expect(unknown.status == 404)
        #expect(unknown.detail.contains("configured clusters are build"))
        let badName = try await gateway.call("GET", "/v1/clusters/build/roles/a%20b/jobs", token: dave)
        #expect(badName.status == 400)
        await sim.stop()
        let down = try await gateway.call("GET", "/v1/clusters/build/roles/mesostest/jobs", token: dave)
        #expect(down.status == 503, "\(down.text)")
        #expect(down.detail.contains("cluster build"))
        let write = try await gateway.call("DELETE", APIFixture.job, token: dave)
        #expect(write.status == 503)
        let records = try await gateway.parts.audit.query(AuditFilter(requestID: write.header("X-Request-Id"), ascending: true)).records
        #expect(records.map(\.phase) == [.decided, .completed])
        #expect(records.last?.httpStatus == 503)
    }

    @Test("a scheduler that answers too late: 504 saying a write may have been applied")
    func timeout() async throws {
        let sim = try await SimulatedCluster.start()
        let gateway = try await RunningGateway.start { config in
            sim.configure(&config)
            config.clusters[0].timeout = .seconds(1)
        }
        defer { Task { await gateway.stop(); await sim.stop() } }
        let dave = try await gateway.issue("dave").secret
        sim.simulator.faults.inject(Fault(delay: .seconds(3), count: 1))
        let late = try await gateway.call("POST", APIFixture.job + "/kill", token: dave, json: ["instances": [0]])
        #expect(late.status == 504, "\(late.text)")
        #expect(late.detail.contains("may or may not have been applied"))
    }

    @Test("a job spec with several problems: one 400 naming each with its JSON pointer, and nothing sent to the scheduler")
    func invalidSpec() async throws {
        let sim = try await SimulatedCluster.start()
        let gateway = try await RunningGateway.start(sim.configure)
        defer { Task { await gateway.stop(); await sim.stop() } }
        let dave = try await gateway.issue("dave").secret
        let before = sim.simulator.stats.snapshot().requests
        let spec: [String: Any] = ["resources": ["cpu": 0, "ram_mb": "lots", "memory": 3],
                                   "processes": [["name": "a", "cmdline": "x"], ["name": "a"]], "colour": "blue"]
        let answer = try await gateway.call("POST", APIFixture.job, token: dave, json: spec)
        #expect(answer.status == 400)
        #expect(answer.type == "urn:aurora-gateway:problem:invalid-job-spec")
        for pointer in ["/resources/cpu", "/resources/ram_mb", "/resources/memory", "/resources/disk_mb", "/processes/1", "/colour"] {
            #expect(answer.detail.contains(pointer), "\(pointer) missing from: \(answer.detail)")
        }
        #expect(sim.simulator.stats.snapshot().requests == before)
    }

    @Test("Idempotency-Key: a retry gets the first answer; the same key with another request is 409")
    func idempotency() async throws {
        let sim = try await SimulatedCluster.start()
        let gateway = try await RunningGateway.start(sim.configure)
        defer { Task { await gateway.stop(); await sim.stop() } }
        try await sim.grantQuota(gateway)
        let dave = try await gateway.issue("dave").secret
        let key = [HTTPHeaderFixture.idempotency("create-hello-1")]
        let first = try await gateway.call("POST", APIFixture.job, token: dave, json: APIFixture.service, headers: key)
        #expect(first.status == 201)
        let calls = sim.simulator.stats.snapshot().requests
        let retry = try await gateway.call("POST", APIFixture.job, token: dave, json: APIFixture.service, headers: key)
        #expect(retry.status == 201)
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(retry.object["url"] as? String == first.object["url"] as? String)
        #expect(sim.simulator.stats.snapshot().requests == calls)
        let other = try await gateway.call("POST", APIFixture.job, token: dave, json: APIFixture.service(cpu: 0.9), headers: key)
        #expect(other.status == 409)
        #expect(other.type == "urn:aurora-gateway:problem:idempotency-key-reused")
    }

    @Test("an Idempotency-Key on tokens.create is ignored: the secret is never stored for replay")
    func noIdempotencyForSecrets() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice").secret
        let key = [HTTPHeaderFixture.idempotency("token-1")]
        let first = try await gateway.call("POST", "/v1/tokens", token: alice, json: ["name": "a"], headers: key)
        let second = try await gateway.call("POST", "/v1/tokens", token: alice, json: ["name": "a"], headers: key)
        #expect(first.status == 201 && second.status == 201)
        #expect(first.object["secret"] as? String != second.object["secret"] as? String)
        let stored = try await gateway.parts.database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM idempotency") ?? -1 }
        #expect(stored == 0)
    }
}
