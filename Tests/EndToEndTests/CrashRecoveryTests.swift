import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

@Suite("kill -9 under load: the database opens, the chain verifies, and every scheduler call has a decided record")
struct CrashRecoveryTests {
    @Test("a gateway killed mid-load loses no audit record of a call the scheduler received", .timeLimit(.minutes(2)))
    func killNineUnderLoad() async throws {
        let sim = try await Harness.start(RepoPaths.gatewayBinary, ["simulate", "--port", "0", "--cluster", "build"],
                                          environment: [:], marker: "listening on http://")
        defer { _ = sim.process.stop() }
        let dir = RepoPaths.temporaryDirectory("agw-crash")
        let config = try Harness.writeConfig(in: dir, simulator: sim, users: ["dave": ["admins"]], extra: """
        admin_groups: [admins]
        rate_limits:
          writes_per_second: 100000
          writes_burst: 100000
        """)
        let created = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["token", "create", "--config", config, "--owner", "dave"])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let gateway = try await Harness.serve(config: config)

        // The gateway is killed once the scheduler has received a fair number of calls, however slow the machine is.
        let killed = SharedCounter()
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var index = 0
                        while true {
                            var request = URLRequest(url: URL(string: "\(gateway.url)/v1/clusters/build/jobs/r\(worker)/devel/j\(index % 5)/kill")!)
                            request.httpMethod = "POST"
                            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                            request.httpBody = Data(#"{"instances":[0,1]}"#.utf8)
                            request.timeoutInterval = 5
                            if (try? await URLSession.shared.data(for: request)) == nil && killed.value > 0 { return }
                            index += 1
                        }
                    }
                }
            }
        }
        let deadline = Date().addingTimeInterval(60)
        var reached = 0
        while reached < 40 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            reached = try await Self.killTasksReceived(sim.url)
        }
        kill(gateway.process.pid, SIGKILL)
        killed.increment()
        await load.value

        let verified = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "verify", "--config", config])
        #expect(verified.status == 0, "\(verified.stderr)")
        let export = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "export", "--config", config])
        let records = export.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let decided = records.filter { $0["phase"] as? String == "decided" && $0["action"] as? String == "job.killInstances" && $0["decision"] as? String == "allow" }
        let received = try await Self.killTasksReceived(sim.url)
        #expect(received >= 40, "the load did not reach the scheduler within a minute: \(received) killTasks")
        #expect(received <= decided.count, "the scheduler received \(received) killTasks but only \(decided.count) were audited")

        let restarted = try await Harness.serve(config: config)
        var again = URLRequest(url: URL(string: "\(restarted.url)/v1/me")!)
        again.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: again)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(restarted.process.stop() == 0)
        #expect(try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "verify", "--config", config]).status == 0)
    }

    /// How many `killTasks` calls the simulator has received so far.
    static func killTasksReceived(_ simulator: String) async throws -> Int {
        let (_, statsText) = try await Harness.get("\(simulator)/sim/stats")
        let stats = try JSONSerialization.jsonObject(with: Data(statsText.utf8)) as? [String: Any]
        return (stats?["methods"] as? [String: Any])?["killTasks"] as? Int ?? 0
    }
}
