import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

extension Soaks {
    /// Every fault at once, under load: the scheduler answers ERROR_TRANSIENT while slapd and the KDC stop, then the
    /// gateway is killed with `kill -9` and restarted with both still down (no ticket, no cached memberships), then the
    /// KDC and slapd come back. Each phase waits for the load to have really moved, however slow the machine is.
    @Suite("fault soak: scheduler faults, slapd, the KDC and kill -9 together")
    struct CombinedFaultSoakTests {
        /// One answer and the phase it arrived in.
        struct Answer: Sendable {
            let phase: Int
            let caller: String
            let write: Bool
            let status: Int
        }

        actor Record {
            var answers: [Answer] = []
            /// Requests without an answer; phase 2 means sent or in flight while the gateway was dead.
            var transportErrors: [(phase: Int, text: String)] = []
            func add(_ answer: Answer) { answers.append(answer) }
            func failed(_ phase: Int, _ text: String) { transportErrors.append((phase, text)) }
            func count(_ predicate: @Sendable (Answer) -> Bool) -> Int { answers.filter(predicate).count }
        }

        @Test("clear answers throughout (503 while nothing can be proven), nothing unaudited reaches the scheduler, recovery once they return",
              .timeLimit(.minutes(4)))
        func everythingAtOnce() async throws {
            let rig = try await Soaks.IdentityRig.start("agw-combined-soak")
            defer { rig.stop() }
            let (kdc, ldap, sim, dir, config, alice, bob) = (rig.kdc, rig.ldap, rig.sim, rig.dir, rig.config, rig.alice, rig.bob)
            func serve() async throws -> Harness.Server {
                try await Harness.start(RepoPaths.gatewayBinary, ["serve", "--config", config], environment: kdc.environment,
                                        marker: "listening on http://")
            }
            var gateway = try await serve()
            // The restarted gateway must come back where the callers are already knocking.
            try Soaks.identityConfig(in: dir, kdc: kdc, ldap: ldap, sim: sim, listen: "127.0.0.1:\(gateway.port)")
            let base = gateway.url
            let record = Record(), phase = SharedCounter(), done = SharedCounter()
            let spec = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"x","cmdline":"true"}]}"#
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for (worker, caller) in [(0, alice), (1, alice), (2, alice), (3, bob)] {
                        group.addTask {
                            var index = 0
                            while done.value == 0 {
                                index += 1
                                let write = index % 2 == 1
                                let path = write ? "/v1/clusters/build/jobs/mesostest/devel/c\(worker)x\(index)" : "/v1/clusters/build/roles/mesostest/jobs"
                                let now = phase.value
                                do {
                                    let answer = try await ProductionTests.call(base, path, method: write ? "POST" : "GET", token: caller,
                                                                                body: write ? spec : nil, timeout: 15)
                                    // An answer that straddles a change of phase belongs to neither (-1).
                                    let settled = phase.value == now ? now : -1
                                    await record.add(Answer(phase: settled, caller: caller == bob ? "bob" : "alice", write: write, status: answer.status))
                                } catch {
                                    // Refused or cut off: only allowed for a request in flight when, or sent while, the gateway was dead.
                                    let killWindow = now <= 2 && phase.value >= 2
                                    await record.failed(killWindow ? 2 : now, "\(path): \(error)")
                                    try? await Task.sleep(for: .milliseconds(50))
                                }
                            }
                        }
                    }
                }
            }
            func waitFor(_ count: Int, in wanted: Int, timeout: Double = 60, _ predicate: @escaping @Sendable (Answer) -> Bool = { _ in true }) async -> Bool {
                let deadline = Date().addingTimeInterval(timeout)
                while Date() < deadline {
                    if await record.count({ $0.phase == wanted && predicate($0) }) >= count { return true }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                return false
            }
            // Phase 0: all is well.
            #expect(await waitFor(10, in: 0) { $0.caller == "alice" && $0.write && $0.status == 201 })
            // Phase 1: the scheduler answers ERROR_TRANSIENT, and slapd and the KDC stop.
            phase.increment()
            try await FaultSoakTests.fault(sim, #"{"error_transient":true,"count":20}"#)
            ldap.stop()
            kdc.stop()
            #expect(await waitFor(40, in: 1))
            // Phase 2: kill -9, restarted while both are still down: no ticket and no cached memberships.
            phase.increment()
            kill(gateway.process.pid, SIGKILL)
            _ = await gateway.process.waitForExit(timeout: 10)
            gateway = try await serve()
            phase.increment()
            #expect(await waitFor(20, in: 3))
            // Phase 4: the KDC and slapd come back; alice's writes go through again.
            phase.increment()
            try kdc.resume()
            try ldap.resume()
            #expect(await waitFor(5, in: 4, timeout: 90) { $0.caller == "alice" && $0.write && $0.status == 201 })
            done.increment()
            await load.value

            let answers = await record.answers, transport = await record.transportErrors
            let table = Dictionary(grouping: answers) { "p\($0.phase) \($0.caller) \($0.write ? "create" : "read")" }
                .mapValues { Dictionary(grouping: $0, by: \.status).mapValues(\.count) }
            print("combined soak: \(answers.count) answers, \(transport.count) refused connections while killed, \(table)")
            #expect(transport.allSatisfy { $0.phase == 2 }, "requests without an answer outside the kill window: \(transport.prefix(3).map(\.text))")
            #expect(answers.allSatisfy { $0.status < 500 || [502, 503, 504].contains($0.status) }, "\(table)")
            #expect(!answers.contains { $0.caller == "bob" && $0.write && $0.status < 400 }, "bob created a job: \(table)")
            let restartedWithNothing = answers.filter { $0.phase == 3 }
            #expect(!restartedWithNothing.isEmpty && restartedWithNothing.allSatisfy { $0.status == 503 },
                    "with no ticket and no directory, every request is 503 (nothing can be proven): \(table)")
            #expect(gateway.process.isRunning)

            let held = try await FaultSoakTests.scheduledNames(sim)
            let records = try await ProductionTests.auditRecords(config)
            let audited = Set(records.filter { $0["action"] as? String == "job.create" && $0["phase"] as? String == "decided"
                                               && $0["decision"] as? String == "allow" }.compactMap { $0["job"] as? String })
            #expect(!held.isEmpty && held.subtracting(audited).isEmpty, "held without an audited create: \(held.subtracting(audited).prefix(5))")
            #expect(!held.contains { $0.hasPrefix("c3x") }, "bob's create reached the scheduler")
            #expect(!records.contains { $0["actor"] as? String == "bob" && $0["action"] as? String == "job.create" && $0["decision"] as? String == "allow" })
            _ = gateway.process.stop()
            let verified = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "verify", "--config", config])
            #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        }
    }
}
