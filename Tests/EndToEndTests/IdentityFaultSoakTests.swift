import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

extension Soaks {
    /// The identity side of a bad day, under load: the gateway's directory (a private slapd) and its KDC go away while
    /// callers keep working through a scheduler that demands SPNEGO for writes.
    @Suite("fault soak: slapd and the KDC stop under load")
    struct IdentityFaultSoakTests {
        @Test("cached memberships and the held ticket carry on; the member keeps working, the non-member never writes; all audited",
              .timeLimit(.minutes(2)))
        func directoryAndKDCStop() async throws {
            let rig = try await Soaks.IdentityRig.start("agw-identity-soak")
            defer { rig.stop() }
            let (kdc, ldap, sim, config, alice, bob) = (rig.kdc, rig.ldap, rig.sim, rig.config, rig.alice, rig.bob)
            let gateway = try await Harness.start(RepoPaths.gatewayBinary, ["serve", "--config", config], environment: kdc.environment,
                                                  marker: "listening on http://")
            defer { _ = gateway.process.stop() }
            let base = gateway.url
            let outcomes = FaultSoakTests.Outcomes()
            let stop = Date().addingTimeInterval(12)
            let spec = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"x","cmdline":"true"}]}"#
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for (worker, caller) in [(0, alice), (1, alice), (2, alice), (3, bob)] {
                        group.addTask {
                            var index = 0
                            while Date() < stop {
                                index += 1
                                let name = "i\(worker)x\(index)"
                                let write = index % 2 == 1
                                let path = write ? "/v1/clusters/build/jobs/mesostest/devel/\(name)" : "/v1/clusters/build/roles/mesostest/jobs"
                                do {
                                    let answer = try await ProductionTests.call(base, path, method: write ? "POST" : "GET", token: caller,
                                                                                body: write ? spec : nil, timeout: 15)
                                    await outcomes.add(FaultSoakTests.Outcome(status: answer.status, kind: "\(caller == bob ? "bob" : "alice")-\(write ? "create" : "read")",
                                                                              requestID: answer.requestID))
                                } catch {
                                    await outcomes.failed("\(path): \(error)")
                                }
                            }
                        }
                    }
                }
            }
            try await Task.sleep(for: .seconds(3))
            ldap.stop()
            try await Task.sleep(for: .seconds(3))
            kdc.stop()
            await load.value

            let all = await outcomes.all, transport = await outcomes.transportErrors
            #expect(transport.isEmpty, "\(transport.prefix(3))")
            let byKind = Dictionary(grouping: all, by: \.kind).mapValues { Dictionary(grouping: $0, by: \.status).mapValues(\.count) }
            #expect(all.allSatisfy { $0.status < 500 }, "\(byKind)")
            #expect((byKind["alice-create"]?[201] ?? 0) > 10, "\(byKind)")
            #expect(byKind["bob-create"]?.keys.allSatisfy { $0 == 403 } == true, "\(byKind)")
            let (readyStatus, readyBody) = try await Harness.get("\(base)/readyz")
            let checks = (try JSONSerialization.jsonObject(with: Data(readyBody.utf8)) as? [String: Any])?["checks"] as? [String: Any]
            let directory = checks?["directory"] as? [String: Any]
            #expect(directory?["ok"] as? Bool == true && (directory?["detail"] as? String)?.contains("failing") == true, "\(readyStatus) \(readyBody)")
            #expect((checks?["kerberos"] as? [String: Any])?["ok"] as? Bool == true, "\(readyBody)")

            let held = try await FaultSoakTests.scheduledNames(sim)
            let records = try await ProductionTests.auditRecords(config)
            let audited = Set(records.filter { $0["action"] as? String == "job.create" && $0["phase"] as? String == "decided"
                                               && $0["decision"] as? String == "allow" }.compactMap { $0["job"] as? String })
            #expect(!held.isEmpty && held.subtracting(audited).isEmpty, "\(held.subtracting(audited).prefix(5))")
            #expect(!held.contains { $0.hasPrefix("i3x") }, "bob's create reached the scheduler")
            let verified = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "verify", "--config", config])
            #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
            print("identity soak: \(all.count) requests, \(byKind), \(held.count) jobs held")
        }
    }
}
