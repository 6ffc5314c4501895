import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

extension Soaks {
    /// A bounded soak: mixed reads and writes from an allowed caller and a caller who may only read, while the scheduler
    /// answers ERROR_TRANSIENT, has no leader (503), hangs past the timeout, answers garbage, and is restarted as a
    /// non-leader that sends the gateway (307) to a new leader; meanwhile the gateway's disk fills up and is freed again.
    @Suite("fault soak: mixed load through scheduler faults, a restart and a change of leader")
    struct FaultSoakTests {
        struct Outcome: Sendable {
            let status: Int
            let kind: String
            let requestID: String?
        }

        actor Outcomes {
            var all: [Outcome] = []
            var transportErrors: [String] = []
            func add(_ outcome: Outcome) { all.append(outcome) }
            func failed(_ text: String) { transportErrors.append(text) }
        }

        /// Job names in the scheduler's task list for role mesostest (all states, as far as it keeps them).
        static func scheduledNames(_ sim: Harness.Server) async throws -> Set<String> {
            var request = URLRequest(url: URL(string: "\(sim.url)/api")!)
            request.httpMethod = "POST"
            request.setValue("application/vnd.apache.thrift.json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"[1,"getTasksWithoutConfigs",1,0,{"1":{"rec":{"14":{"str":"mesostest"}}}}]"#.utf8)
            let (data, _) = try await URLSession.shared.data(for: request)
            let text = String(decoding: data, as: UTF8.self)
            let pattern = try NSRegularExpression(pattern: #"\{"1":\{"str":"mesostest"\},"2":\{"str":"devel"\},"3":\{"str":"([^"]+)"\}\}"#)
            return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            })
        }

        static func fault(_ sim: Harness.Server, _ json: String) async throws {
            var request = URLRequest(url: URL(string: "\(sim.url)/sim/faults")!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
            _ = try await URLSession.shared.data(for: request)
        }

        @Test("every request gets a clear answer (no 500), every job the scheduler holds was audited, the reader never writes",
              .timeLimit(.minutes(3)))
        func soak() async throws {
            let first = try await Harness.start(RepoPaths.gatewayBinary, ["simulate", "--port", "0", "--cluster", "build", "--step-ms", "50"],
                                                environment: [:], marker: "listening on http://")
            let port = first.port
            let dir = RepoPaths.temporaryDirectory("agw-soak")
            let config = try Harness.writeConfig(in: dir, simulator: first, users: ["alice": ["devs"], "mallory": ["viewers"]], extra: """
            \(ProductionTests.openLimits)
            policy:
              - group: devs
                allow: [read, "job.*"]
                on: ["build/mesostest/*/*"]
              - group: viewers
                allow: [read]
                on: ["build/*/*/*"]
            """)
            // The database on a small file system of its own, which a phase fills up.
            let disk = try ScratchMount(megabytes: 48)
            defer { disk.unmount() }
            let text = try String(contentsOfFile: config, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "auth_mechanism: UNAUTHENTICATED",
                                               with: "auth_mechanism: UNAUTHENTICATED\n    timeout: \"2s\"\n    retry_deadline: \"3s\"")
                .replacingOccurrences(of: "data_dir: \"\(dir.path)/data\"", with: "data_dir: \"\(disk.path)/data\"").utf8)
                .write(to: URL(fileURLWithPath: config))
            func token(_ owner: String) async throws -> String {
                let made = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["token", "create", "--config", config, "--owner", owner])
                return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let alice = try await token("alice"), mallory = try await token("mallory")
            let gateway = try await Harness.serve(config: config)
            defer { _ = gateway.process.stop() }
            let base = gateway.url
            let outcomes = Outcomes()
            // The load runs until the follower has redirected a fair number of calls (however slow the machine), at most 2 min.
            let finished = SharedCounter(), hardStop = Date().addingTimeInterval(120)
            let spec = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"x","cmdline":"true"}]}"#

            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<5 {
                        group.addTask {
                            var index = 0
                            var last: String?
                            while finished.value == 0 && Date() < hardStop {
                                index += 1
                                let name = "s\(worker)x\(index)"
                                let (kind, path, method, body): (String, String, String, String?) = switch index % 4 {
                                case 0: ("read", "/v1/clusters/build/roles/mesostest/jobs", "GET", nil)
                                case 1: ("create", "/v1/clusters/build/jobs/mesostest/devel/\(name)", "POST", spec)
                                case 2: ("read", "/v1/clusters/build/jobs/mesostest/devel/\(last ?? name)/tasks", "GET", nil)
                                default: ("kill", "/v1/clusters/build/jobs/mesostest/devel/\(last ?? name)", "DELETE", nil)
                                }
                                if kind == "create" { last = name }
                                do {
                                    let answer = try await ProductionTests.call(base, path, method: method, token: alice, body: body, timeout: 15)
                                    await outcomes.add(Outcome(status: answer.status, kind: kind, requestID: answer.requestID))
                                } catch {
                                    await outcomes.failed("\(method) \(path): \(error)")
                                }
                            }
                        }
                    }
                    group.addTask {
                        var index = 0
                        while finished.value == 0 && Date() < hardStop {
                            index += 1
                            do {
                                let answer = try await ProductionTests.call(base, "/v1/clusters/build/jobs/mesostest/devel/m\(index)", method: "POST",
                                                                            token: mallory, body: spec, timeout: 15)
                                await outcomes.add(Outcome(status: answer.status, kind: "forbidden-create", requestID: answer.requestID))
                            } catch {
                                await outcomes.failed("mallory: \(error)")
                            }
                        }
                    }
                }
            }

            try await Task.sleep(for: .seconds(2))
            try await Self.fault(first, #"{"error_transient":true,"count":40}"#)
            try await Task.sleep(for: .seconds(2))
            try await Self.fault(first, #"{"http_status":503,"count":30}"#)
            try await Task.sleep(for: .seconds(2))
            try await Self.fault(first, #"{"delay_ms":2500,"count":6}"#)
            try await Task.sleep(for: .seconds(4))
            try await Self.fault(first, #"{"garbage":true,"count":10}"#)
            try await Task.sleep(for: .seconds(2))
            try await Self.fault(first, "{}")
            // The disk fills up: nothing may be done without its record (503 audit-unavailable); then space comes back.
            try disk.fill(leaving: 0)
            try await Task.sleep(for: .seconds(2))
            disk.drain()
            try await Task.sleep(for: .seconds(1))
            let beforeRestart = try await Self.scheduledNames(first)
            // Leadership moves: the configured address comes back as a non-leader that answers 307 to the new leader.
            let leader = try await Harness.start(RepoPaths.gatewayBinary, ["simulate", "--port", "0", "--cluster", "build", "--step-ms", "50"],
                                                 environment: [:], marker: "listening on http://")
            defer { _ = leader.process.stop() }
            _ = first.process.stop()
            try await Task.sleep(for: .seconds(1))
            let follower = try await Harness.start(RepoPaths.gatewayBinary, ["simulate", "--port", String(port), "--cluster", "build",
                                                                             "--redirect-to", leader.url],
                                                   environment: [:], marker: "listening on http://")
            defer { _ = follower.process.stop() }
            // The gateway follows the follower's 307 and then remembers the leader, so a few redirects are all there will
            // be; once there is one, the load goes on until the new leader has answered 100 more calls.
            func stat(_ server: Harness.Server, _ key: String) async throws -> Int {
                let (_, text) = try await Harness.get("\(server.url)/sim/stats")
                return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?[key] as? Int ?? 0
            }
            var leaderBaseline: Int?
            for _ in 0..<600 {
                if leaderBaseline == nil, try await stat(follower, "redirects") >= 1 { leaderBaseline = try await stat(leader, "requests") }
                if let baseline = leaderBaseline, try await stat(leader, "requests") >= baseline + 100 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            finished.increment()
            await load.value
            let afterRestart = try await Self.scheduledNames(leader)
            let (_, followerStats) = try await Harness.get("\(follower.url)/sim/stats")
            #expect(followerStats.contains("\"redirects\":") && !followerStats.contains("\"redirects\":0"), "\(followerStats)")

            let all = await outcomes.all, transport = await outcomes.transportErrors
            #expect(transport.isEmpty, "requests without an answer: \(transport.prefix(3))")
            #expect(all.count > 100)
            let unintended = all.filter { $0.status >= 500 && ![502, 503, 504].contains($0.status) }
            #expect(unintended.isEmpty, "5xx other than 502/503/504: \(unintended.prefix(3))")
            let byStatus = Dictionary(grouping: all, by: \.status).mapValues(\.count)
            #expect((byStatus[503] ?? 0) + (byStatus[504] ?? 0) + (byStatus[502] ?? 0) > 0, "the faults never showed: \(byStatus)")
            let records = try await ProductionTests.auditRecords(config)
            #expect(records.count > 100, "the audit log came back after the disk was freed")
            #expect((byStatus[201] ?? 0) > 10, "\(byStatus)")
            let forbidden = all.filter { $0.kind == "forbidden-create" }
            #expect(!forbidden.isEmpty && forbidden.allSatisfy { $0.status == 403 }, "\(Dictionary(grouping: forbidden, by: \.status).mapValues(\.count))")

            let auditedCreates = Set(records.filter { $0["action"] as? String == "job.create" && $0["phase"] as? String == "decided"
                                                       && $0["decision"] as? String == "allow" }.compactMap { $0["job"] as? String })
            let held = beforeRestart.union(afterRestart)
            #expect(!held.isEmpty)
            #expect(held.subtracting(auditedCreates).isEmpty, "jobs the scheduler holds without an audited create: \(held.subtracting(auditedCreates).prefix(5))")
            #expect(!held.contains { $0.hasPrefix("m") }, "a forbidden create reached the scheduler")
            #expect(!records.contains { $0["actor"] as? String == "mallory" && $0["action"] as? String == "job.create" && $0["decision"] as? String == "allow" })
            let verified = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "verify", "--config", config])
            #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
            #expect(gateway.process.isRunning)
            print("soak: \(all.count) requests, by status \(byStatus.sorted { $0.key < $1.key }), \(held.count) jobs held, \(records.count) audit records")
        }
    }
}
