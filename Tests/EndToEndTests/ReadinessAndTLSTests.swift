import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

@Suite("readiness when the KDC goes away, and HTTPS served directly with certificates reloaded on SIGHUP")
struct ReadinessAndTLSTests {
    @Test("with the KDC stopped, readiness turns red before the 1-minute ticket ends; once it has ended, reads go on and writes get 503 naming Kerberos",
          .timeLimit(.minutes(3)))
    func kdcStopped() async throws {
        let kdc = try TestKDC.startPrivate()
        defer { kdc.stop() }
        let sim = try await Harness.simulator(kdc: kdc)
        defer { _ = sim.process.stop() }
        let dir = RepoPaths.temporaryDirectory("agw-kdc-stop")
        let config = dir.appendingPathComponent("gateway.yaml").path
        try Data("""
        listen: "127.0.0.1:0"
        data_dir: "\(dir.path)/data"
        kerberos:
          principal: "shortlived/localhost@AGW.TEST"
          keytab: "\(kdc.keytab("shortlived.keytab"))"
          renew_before: "40s"
        clusters:
          - name: build
            scheduler_uri: "http://localhost:\(sim.port)"
            auth_mechanism: KERBEROS
            retry_deadline: "2s"
        directory:
          kind: static
          users:
            alice: [devs]
        policy:
          - group: devs
            allow: [read, "job.*"]
            on: ["build/*/*/*"]

        """.utf8).write(to: URL(fileURLWithPath: config))
        let created = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["token", "create", "--config", config, "--owner", "alice"])
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.status == 0, "\(created.stderr)")
        let gateway = try await Harness.start(RepoPaths.gatewayBinary, ["serve", "--config", config], environment: kdc.environment,
                                              marker: "listening on http://")
        defer { _ = gateway.process.stop() }
        let (first, firstBody) = try await Harness.get("\(gateway.url)/readyz")
        #expect(first == 200, "\(firstBody)")
        kdc.stop()
        // Renewal is due after half the ticket's life; readiness turns red once less than min(renew_before, half) − 10 s is left.
        let deadline = Date().addingTimeInterval(75)
        var last = (0, "")
        while Date() < deadline {
            last = try await Harness.get("\(gateway.url)/readyz")
            if last.0 == 503 { break }
            try await Task.sleep(for: .seconds(2))
        }
        #expect(last.0 == 503, "\(last.1)")
        let checks = (try JSONSerialization.jsonObject(with: Data(last.1.utf8)) as? [String: Any])?["checks"] as? [String: Any]
        let kerberos = checks?["kerberos"] as? [String: Any]
        #expect(kerberos?["ok"] as? Bool == false)
        #expect((kerberos?["error"] as? String)?.isEmpty == false, "\(last.1)")
        #expect((checks?["database"] as? [String: Any])?["ok"] as? Bool == true)

        // Past the ticket's end, with the KDC still down: reads need no ticket (Aurora's client sends them without
        // one), a write cannot be authenticated and gets 503 saying why; nothing half-done reaches the scheduler.
        var left = Int.max
        let expiry = Date().addingTimeInterval(60)
        while Date() < expiry {
            let ready = try await Harness.get("\(gateway.url)/readyz")
            let body = try JSONSerialization.jsonObject(with: Data(ready.1.utf8)) as? [String: Any]
            left = ((body?["checks"] as? [String: Any])?["kerberos"] as? [String: Any])?["seconds_to_expiry"] as? Int ?? Int.max
            if left <= 0 { break }
            try await Task.sleep(for: .seconds(1))
        }
        #expect(left <= 0, "the ticket did not end")
        let read = try await ProductionTests.call(gateway.url, "/v1/clusters/build/roles/alice/jobs", token: token, timeout: 30)
        #expect(read.status == 200, "\(read.body)")
        let spec = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"x","cmdline":"true"}]}"#
        let write = try await ProductionTests.call(gateway.url, "/v1/clusters/build/jobs/alice/devel/after-expiry", method: "POST",
                                                   token: token, body: spec, timeout: 60)
        #expect(write.status == 503, "\(write.body)")
        #expect(write.body.contains("Kerberos") || write.body.contains("KDC"), "\(write.body)")
        let held = try await ProductionTests.call(gateway.url, "/v1/clusters/build/jobs/alice/devel/after-expiry", token: token, timeout: 30)
        #expect(held.status == 404, "the scheduler has no such job: \(held.body)")
    }

    static func makeCertificate(_ dir: URL, _ name: String) async throws -> (cert: String, key: String) {
        let cert = dir.appendingPathComponent("\(name).crt").path, key = dir.appendingPathComponent("\(name).key").path
        let made = try await ProcessRunner.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                                                    "-days", "1", "-subj", "/CN=\(name)", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        guard made.status == 0 else { throw TestSupportError("openssl failed: \(made.stderr)") }
        return (cert, key)
    }

    /// curl over HTTPS trusting only `ca`; true when the TLS handshake and request succeed.
    static func fetch(_ url: String, trusting ca: String) async throws -> Bool {
        try await ProcessRunner.run("/usr/bin/curl", ["-fsS", "--max-time", "10", "--cacert", ca, url]).status == 0
    }

    @Test("HTTPS with the configured certificate; after SIGHUP new connections get the replaced one", .timeLimit(.minutes(1)))
    func tlsReload() async throws {
        let dir = RepoPaths.temporaryDirectory("agw-tls")
        let one = try await Self.makeCertificate(dir, "one"), two = try await Self.makeCertificate(dir, "two")
        let served = (cert: dir.appendingPathComponent("served.crt").path, key: dir.appendingPathComponent("served.key").path)
        try FileManager.default.copyItem(atPath: one.cert, toPath: served.cert)
        try FileManager.default.copyItem(atPath: one.key, toPath: served.key)
        let sim = try await Harness.start(RepoPaths.gatewayBinary, ["simulate", "--port", "0", "--cluster", "build"], environment: [:],
                                          marker: "listening on http://")
        defer { _ = sim.process.stop() }
        let config = try Harness.writeConfig(in: dir, simulator: sim, users: ["alice": ["devs"]],
                                             extra: "tls:\n  certificate_file: \"\(served.cert)\"\n  key_file: \"\(served.key)\"\n")
        let process = try BackgroundProcess(RepoPaths.gatewayBinary, ["serve", "--config", config], environment: [:])
        defer { _ = process.stop() }
        #expect(await process.waitForLog("listening on https://", timeout: 30), "\(process.log)")
        let line = process.log.split(separator: "\n").first { $0.contains("listening on https://") } ?? ""
        let base = String(line[line.range(of: "https://")!.lowerBound...]).trimmingCharacters(in: .whitespaces)
        #expect(try await Self.fetch("\(base)/healthz", trusting: one.cert))
        #expect(try await !Self.fetch("\(base)/healthz", trusting: two.cert))

        // A key that does not match the certificate is refused and the old pair keeps serving.
        try FileManager.default.removeItem(atPath: served.key)
        try FileManager.default.copyItem(atPath: two.key, toPath: served.key)
        process.send(SIGHUP)
        #expect(await process.waitForLog("config.reload refused", timeout: 10), "\(process.log)")
        #expect(try await Self.fetch("\(base)/healthz", trusting: one.cert))

        try FileManager.default.removeItem(atPath: served.cert)
        try FileManager.default.copyItem(atPath: two.cert, toPath: served.cert)
        process.send(SIGHUP)
        #expect(await process.waitForLog("config.reloaded", timeout: 10), "\(process.log)")
        #expect(try await Self.fetch("\(base)/healthz", trusting: two.cert))
        #expect(try await !Self.fetch("\(base)/healthz", trusting: one.cert))
    }
}
