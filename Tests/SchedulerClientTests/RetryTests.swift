import AuroraSimulator
import AuroraThrift
import SchedulerClient
import Testing

@Suite("Retries follow Aurora's rules: reads and ERROR_TRANSIENT yes, maybe-applied writes never")
struct RetryTests {
    @Test("ERROR_TRANSIENT is retried, for writes too, until it clears")
    func errorTransient() async throws {
        let sim = try await Fixtures.simulator()
        defer { Task { await sim.shutdown() } }
        // A generous deadline: the point is the number of exchanges, and a loaded machine must not cut the retries short.
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)", auth: .unauthenticated, retryDeadline: .seconds(60))
        sim.faults.inject(Fault(errorTransient: true, count: 2))
        let reply = try await client.call(GetRoleSummaryArgs())
        #expect(reply.response.responseCode == .ok)
        #expect(reply.exchanges == 3)
    }

    @Test("a 503 is retried for a read")
    func unavailableRead() async throws {
        let sim = try await Fixtures.simulator()
        defer { Task { await sim.shutdown() } }
        // A deadline a busy machine cannot miss; the retry comes after about 1 s of backoff when all is well.
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)", auth: .unauthenticated, timeout: .seconds(15), retryDeadline: .seconds(30))
        sim.faults.inject(Fault(httpStatus: 503, count: 1))
        let reply = try await client.call(GetJobSummaryArgs(role: "mesostest"))
        #expect(reply.response.responseCode == .ok)
        #expect(reply.exchanges == 2)
    }

    @Test("a write that may have been applied is not resent: a 503 and a timeout fail at once")
    func writesNotRetried() async throws {
        let sim = try await Fixtures.simulator()
        defer { Task { await sim.shutdown() } }
        // Timeouts generous enough for a machine busy with the rest of the suite: the 503 must arrive before the timeout.
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)", auth: .unauthenticated,
                                               timeout: .seconds(6), retryDeadline: .seconds(12))
        sim.faults.inject(Fault(httpStatus: 503, count: 1))
        let unavailable = await #expect(throws: SchedulerError.self) {
            try await client.call(KillTasksArgs(job: JobKey(role: "r", environment: "devel", name: "j")))
        }
        guard case .unavailable? = unavailable else { Issue.record("got \(String(describing: unavailable))"); return }
        sim.faults.inject(Fault(delay: .seconds(9), count: 1))
        let timeout = await #expect(throws: SchedulerError.self) {
            try await client.call(KillTasksArgs(job: JobKey(role: "r", environment: "devel", name: "j")))
        }
        guard case .transport(_, .timeout)? = timeout else { Issue.record("got \(String(describing: timeout))"); return }
        #expect(sim.stats.snapshot().requests == 2)
    }

    @Test("a write is retried when the connection was refused, until the deadline")
    func refusedWriteRetried() async throws {
        let client = try await Fixtures.client(uri: "http://localhost:1", auth: .unauthenticated, retryDeadline: .milliseconds(700))
        let started = ContinuousClock.now
        let error = await #expect(throws: SchedulerError.self) {
            try await client.call(KillTasksArgs(job: JobKey(role: "r", environment: "devel", name: "j")))
        }
        guard case .transport(_, .connectionRefused)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(ContinuousClock.now - started >= .milliseconds(300))
    }

    @Test("garbage instead of a Thrift reply is a protocol error naming the URL")
    func garbage() async throws {
        let sim = try await Fixtures.simulator()
        defer { Task { await sim.shutdown() } }
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)", auth: .unauthenticated)
        sim.faults.inject(Fault(garbage: true))
        let error = await #expect(throws: SchedulerError.self) {
            try await client.call(KillTasksArgs(job: JobKey(role: "r", environment: "devel", name: "j")))
        }
        guard case .protocolError(_, let url, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(url == "http://localhost:\(sim.port)/api")
    }

    @Test("backoff doubles up to two seconds")
    func backoff() {
        #expect(RetryPolicyProbe.backoffs() == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600), .seconds(2), .seconds(2)])
    }
}
