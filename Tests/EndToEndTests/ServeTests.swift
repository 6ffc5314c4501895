import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

@Suite("aurora-gateway serve and dev, end to end")
struct ServeTests {
    @Test("the ticket of a 1-minute principal is re-acquired across its expiry while serving", .timeLimit(.minutes(3)))
    func ticketRenewedAcrossExpiry() async throws {
        let sim = try await Harness.simulator(keytab: "http-localhost.keytab", principal: "HTTP/localhost@AGW.TEST")
        let config = try await Harness.config(cluster: "http://localhost:\(sim.port)", principal: "shortlived/localhost@AGW.TEST",
                                              keytab: "shortlived.keytab", renewBefore: "20s")
        let gateway = try await Harness.serve(config: config)
        let first = try await readiness(gateway.url)
        #expect(first.status == 200, "\(first.body)")
        let firstExpiry = try #require(first.expiresAt)
        #expect(firstExpiry.timeIntervalSinceNow <= 61)
        // Bounded wait until the first ticket is past its end.
        while Date() < firstExpiry.addingTimeInterval(2) { try await Task.sleep(for: .seconds(1)) }
        let later = try await readiness(gateway.url)
        #expect(later.status == 200, "\(later.body)")
        let secondExpiry = try #require(later.expiresAt)
        #expect(secondExpiry > firstExpiry)
        let (_, stats) = try await Harness.get("\(sim.url)/sim/stats")
        #expect(stats.contains("\"auth_failures\":0"), "\(stats)")
        #expect(gateway.process.stop() == 0)
    }

    @Test("dev mode serves health and readiness against its embedded simulator")
    func devMode() async throws {
        let dev = try await Harness.start(RepoPaths.gatewayBinary, ["dev", "--port", "0"], environment: [:], marker: "listening on http://")
        let (health, _) = try await Harness.get("\(dev.url)/healthz")
        #expect(health == 200)
        let ready = try await readiness(dev.url)
        #expect(ready.status == 200, "\(ready.body)")
        #expect(ready.body.contains("\"devcluster\""))
        let line = dev.process.log.split(separator: "\n").first { $0.contains("export AURORA_GATEWAY_TOKEN=") } ?? ""
        let token = String(line.split(separator: "=").last ?? "")
        #expect(token.hasPrefix("agwu_"))
        var request = URLRequest(url: URL(string: "\(dev.url)/v1/me")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let me = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(me?["login"] as? String == "admin")
        #expect(me?["admin"] as? Bool == true)
        // The two example commands it prints, run as printed (curl, a shell, the printed token).
        let lines = dev.process.log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "try it:")), end = try #require(lines.firstIndex { $0.hasPrefix("API: ") })
        let script = lines[(start + 1)..<end].joined(separator: "\n")
        let created = try await ProcessRunner.run("/bin/bash", ["-c", script.components(separatedBy: "\n  curl").first ?? ""],
                                                  environment: ["AURORA_GATEWAY_TOKEN": token])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("\"name\" : \"hello\"") || created.stdout.contains("\"name\":\"hello\""), "\(created.stdout)")
        let listed = try await ProcessRunner.run("/bin/bash", ["-c", "  curl" + (script.components(separatedBy: "\n  curl").last ?? "")],
                                                 environment: ["AURORA_GATEWAY_TOKEN": token])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("\"jsonrpc\":\"2.0\"") && listed.stdout.contains("\"tasks\""), "\(listed.stdout)")
        #expect(dev.process.stop() == 0)
    }

    struct Readiness {
        let status: Int
        let body: String
        let expiresAt: Date?
    }

    func readiness(_ base: String) async throws -> Readiness {
        let (status, body) = try await Harness.get("\(base)/readyz")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let kerberos = (object?["checks"] as? [String: Any])?["kerberos"] as? [String: Any]
        let expires = (kerberos?["expires_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
        return Readiness(status: status, body: body, expiresAt: expires)
    }
}
