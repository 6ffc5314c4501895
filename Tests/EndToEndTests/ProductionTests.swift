import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// `serve` as operators run it: signals, metrics, JSON logs, proxies. Each test runs the built binary.
@Suite("aurora-gateway serve in production: SIGHUP, SIGTERM, /metrics, JSON logs, trusted proxies")
struct ProductionTests {
    /// A simulator, a config in a fresh directory with `extra` YAML, a token for alice (group devs), and `serve`.
    struct Setup {
        let sim: Harness.Server
        let dir: URL
        let config: String
        let token: String
        let gateway: Harness.Server
    }

    static let openLimits = """
    rate_limits:
      reads_per_second: 100000
      reads_burst: 100000
      writes_per_second: 100000
      writes_burst: 100000
    """

    static func policy(_ verb: String, _ actions: String) -> String {
        "policy:\n  - group: devs\n    \(verb): [\(actions)]\n    on: [\"build/*/*/*\"]\n"
    }

    static func start(extra: String = policy("allow", "read, tokens.*")) async throws -> Setup {
        let sim = try await Harness.start(RepoPaths.gatewayBinary, ["simulate", "--port", "0", "--cluster", "build"],
                                          environment: [:], marker: "listening on http://")
        let dir = RepoPaths.temporaryDirectory("agw-prod")
        let config = try Harness.writeConfig(in: dir, simulator: sim, users: ["alice": ["devs"]], extra: openLimits + "\n" + extra)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "auth_mechanism: UNAUTHENTICATED", with: "auth_mechanism: UNAUTHENTICATED\n    retry_deadline: \"2s\"").utf8)
            .write(to: URL(fileURLWithPath: config))
        let created = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["token", "create", "--config", config, "--owner", "alice"])
        guard created.status == 0 else { throw TestSupportError("token create failed: \(created.stderr)") }
        let gateway = try await Harness.serve(config: config)
        return Setup(sim: sim, dir: dir, config: config, token: created.stdout.trimmingCharacters(in: .whitespacesAndNewlines), gateway: gateway)
    }

    static func call(_ base: String, _ path: String, method: String = "GET", token: String?, body: String? = nil,
                     headers: [String: String] = [:], timeout: TimeInterval = 5) async throws -> (status: Int, body: String, requestID: String?) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), http?.value(forHTTPHeaderField: "X-Request-Id"))
    }

    /// The audit log as exported by the CLI, one object per record.
    static func auditRecords(_ config: String) async throws -> [[String: Any]] {
        let export = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "export", "--config", config])
        guard export.status == 0 else { throw TestSupportError("audit export failed: \(export.stderr)") }
        return export.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test("SIGHUP: a broken policy is refused and the old one stays; a valid one is in force for the next request", .timeLimit(.minutes(1)))
    func reloadPolicy() async throws {
        let setup = try await Self.start()
        defer { _ = setup.gateway.process.stop(); _ = setup.sim.process.stop() }
        let jobs = "/v1/clusters/build/roles/mesostest/jobs"
        #expect(try await Self.call(setup.gateway.url, jobs, token: setup.token).status == 200)

        let original = try String(contentsOfFile: setup.config, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "allow: [read, tokens.*]", with: "allow: [read, no.such.action]").utf8)
            .write(to: URL(fileURLWithPath: setup.config))
        setup.gateway.process.send(SIGHUP)
        #expect(await setup.gateway.process.waitForLog("config.reload refused", timeout: 10), "\(setup.gateway.process.log)")
        #expect(setup.gateway.process.log.contains("no.such.action"))
        #expect(try await Self.call(setup.gateway.url, jobs, token: setup.token).status == 200)

        try Data(original.replacingOccurrences(of: "allow: [read, tokens.*]", with: "deny: [read]").utf8)
            .write(to: URL(fileURLWithPath: setup.config))
        setup.gateway.process.send(SIGHUP)
        #expect(await setup.gateway.process.waitForLog("config.reloaded", timeout: 10), "\(setup.gateway.process.log)")
        let denied = try await Self.call(setup.gateway.url, jobs, token: setup.token)
        #expect(denied.status == 403, "\(denied.body)")
        #expect(setup.gateway.process.isRunning)
    }

    @Test("SIGTERM under load: exit 0, and every answered request has its audit records; the chain verifies", .timeLimit(.minutes(2)))
    func drainOnSIGTERM() async throws {
        let setup = try await Self.start()
        defer { _ = setup.sim.process.stop() }
        let base = setup.gateway.url, token = setup.token
        let progress = SharedCounter(), signalled = SharedCounter()
        let answered = await withTaskGroup(of: [(String, String)].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var seen: [(String, String)] = []
                    var index = 0
                    while true {
                        index += 1
                        let write = index % 3 == 0
                        let result = try? await Self.call(base, write ? "/v1/tokens" : "/v1/clusters/build/roles/mesostest/jobs",
                                                          method: write ? "POST" : "GET", token: token, body: write ? #"{"name":"w\#(worker)-\#(index)"}"# : nil)
                        guard let result else {
                            if signalled.value > 0 { break }
                            continue
                        }
                        if (200..<300).contains(result.status), let id = result.requestID {
                            seen.append((id, write ? "write" : "read"))
                            progress.increment()
                        }
                    }
                    return seen
                }
            }
            group.addTask {
                _ = await progress.wait(for: 40, timeout: 60)
                signalled.increment()
                setup.gateway.process.send(SIGTERM)
                return []
            }
            return await group.reduce(into: [(String, String)]()) { $0 += $1 }
        }
        let status = await setup.gateway.process.waitForExit(timeout: 40)
        #expect(status == 0, "\(setup.gateway.process.log)")
        #expect(setup.gateway.process.log.contains("shutdown complete"))
        #expect(answered.count > 5, "the load never got going")
        let records = try await Self.auditRecords(setup.config)
        var phases: [String: Set<String>] = [:]
        for record in records {
            if let id = record["id"] as? String, let phase = record["phase"] as? String { phases[id, default: []].insert(phase) }
        }
        let missing = answered.filter { id, kind in
            let have = phases[id] ?? []
            return kind == "write" ? !have.isSuperset(of: ["decided", "completed"]) : !have.contains("decided")
        }
        #expect(missing.isEmpty, "answered but not audited: \(missing.prefix(5))")
        let verified = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["audit", "verify", "--config", setup.config])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }

    @Test("/metrics counts requests by operation and status, times scheduler calls, and can demand a token", .timeLimit(.minutes(1)))
    func metrics() async throws {
        let dir = RepoPaths.temporaryDirectory("agw-metrics-token")
        let tokenFile = dir.appendingPathComponent("metrics.token").path
        try Data("scrape-me\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        let setup = try await Self.start(extra: Self.policy("allow", "read, tokens.*") + "metrics:\n  token_file: \"\(tokenFile)\"\n")
        defer { _ = setup.gateway.process.stop(); _ = setup.sim.process.stop() }
        #expect(try await Self.call(setup.gateway.url, "/v1/clusters/build/roles/mesostest/jobs", token: setup.token).status == 200)
        #expect(try await Self.call(setup.gateway.url, "/v1/me", token: setup.token).status == 200)
        #expect(try await Self.call(setup.gateway.url, "/v1/me", token: "agwu_wrong").status == 401)
        // An operation run through JSON-RPC is counted by its own id, like a REST one (the envelope counts as `rpc`).
        let rpc = try await Self.call(setup.gateway.url, "/v1/rpc", method: "POST", token: setup.token,
                                      body: #"{"jsonrpc":"2.0","id":1,"method":"tokens.list"}"#)
        #expect(rpc.status == 200 && rpc.body.contains("\"result\""), "\(rpc.body)")

        let refused = try await Self.call(setup.gateway.url, "/metrics", token: nil)
        #expect(refused.status == 401)
        #expect(refused.body.contains("metrics.token_file"))
        #expect(try await Self.call(setup.gateway.url, "/metrics", token: "not-it").status == 401)
        let scraped = try await Self.call(setup.gateway.url, "/metrics", token: "scrape-me")
        #expect(scraped.status == 200)
        let text = scraped.body
        #expect(text.contains(#"aurora_gateway_requests_total{operation="jobs.list",status="200"} 1"#), "\(text)")
        #expect(text.contains(#"aurora_gateway_requests_total{operation="me",status="200"} 1"#))
        #expect(text.contains(#"aurora_gateway_requests_total{operation="unmatched",status="401"} 1"#) ||
                text.contains(#"status="401"} 1"#))
        #expect(text.contains(#"aurora_gateway_scheduler_responses_total{cluster="build",rpc="getJobSummary",response_code="OK"} 1"#))
        #expect(text.contains(#"aurora_gateway_upstream_duration_seconds_count{cluster="build",rpc="getJobSummary"} 1"#))
        #expect(text.contains("aurora_gateway_audit_commit_duration_seconds_bucket"))
        #expect(text.contains("aurora_gateway_audit_queue_depth"))
        #expect(text.contains(#"aurora_gateway_directory_lookups_total{result="#))
        #expect(text.contains(#"aurora_gateway_requests_total{operation="tokens.list",status="200"} 1"#), "\(text)")
        #expect(text.contains(#"aurora_gateway_requests_total{operation="rpc",status="200"} 1"#))
        #expect(text.contains(#"aurora_gateway_rate_limited_total{kind="auth"} 0"#) || text.contains(#"aurora_gateway_rate_limited_total{kind="auth"}"#))
        #expect(!text.contains(setup.token))
    }

    @Test("logs are one JSON object per line with request id, actor and operation, and never a token", .timeLimit(.minutes(1)))
    func jsonLogs() async throws {
        let setup = try await Self.start()
        defer { _ = setup.gateway.process.stop(); _ = setup.sim.process.stop() }
        let created = try await Self.call(setup.gateway.url, "/v1/tokens", method: "POST", token: setup.token, body: #"{"name":"logged"}"#)
        #expect(created.status == 201, "\(created.body)")
        let secret = (try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])?["secret"] as? String ?? "?"
        #expect(await setup.gateway.process.waitForLog("\"operation\":\"tokens.create\"", timeout: 5), "\(setup.gateway.process.log)")
        let lines = setup.gateway.process.log.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(!lines.isEmpty)
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not JSON: \(line)") }
        let access = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["operation"] as? String == "tokens.create" }
        #expect(access?["request_id"] as? String == created.requestID)
        #expect(access?["actor"] as? String == "alice")
        #expect(access?["status"] as? String == "201")
        #expect(access?["level"] as? String == "info")
        #expect(!setup.gateway.process.log.contains(setup.token))
        #expect(!setup.gateway.process.log.contains(secret))
    }

    @Test("X-Forwarded-For is believed only from trusted_proxies: the audit records the client behind the proxy", .timeLimit(.minutes(1)))
    func trustedProxies() async throws {
        let trusting = try await Self.start(extra: Self.policy("allow", "read, tokens.*") + "trusted_proxies: [\"127.0.0.1\", \"::1\"]\n")
        defer { _ = trusting.gateway.process.stop(); _ = trusting.sim.process.stop() }
        let spoofing = ["X-Forwarded-For": "198.51.100.1, 203.0.113.9"]
        let viaProxy = try await Self.call(trusting.gateway.url, "/v1/me", token: trusting.token, headers: spoofing)
        let untrusting = try await Self.start()
        defer { _ = untrusting.gateway.process.stop(); _ = untrusting.sim.process.stop() }
        let direct = try await Self.call(untrusting.gateway.url, "/v1/me", token: untrusting.token, headers: spoofing)
        let proxied = try await Self.auditRecords(trusting.config).first { $0["id"] as? String == viaProxy.requestID }
        let unproxied = try await Self.auditRecords(untrusting.config).first { $0["id"] as? String == direct.requestID }
        // The rightmost address is the one the trusted proxy saw; the left one is whatever the client claimed.
        #expect(proxied?["source_ip"] as? String == "203.0.113.9", "\(String(describing: proxied))")
        #expect(["127.0.0.1", "::1"].contains(unproxied?["source_ip"] as? String ?? "?"), "\(String(describing: unproxied))")
    }

    @Test("readiness goes red when the scheduler stops (after a failed call, at once), naming the cluster", .timeLimit(.minutes(1)))
    func readinessFollowsScheduler() async throws {
        let setup = try await Self.start()
        defer { _ = setup.gateway.process.stop() }
        #expect(try await Self.call(setup.gateway.url, "/readyz", token: nil).status == 200)
        _ = setup.sim.process.stop()
        // The failed read is retried until the cluster's retry_deadline (2 s here) before its 503.
        let failed = try await Self.call(setup.gateway.url, "/v1/clusters/build/roles/mesostest/jobs", token: setup.token, timeout: 20)
        #expect(failed.status == 503, "\(failed.body)")
        let ready = try await Self.call(setup.gateway.url, "/readyz", token: nil)
        #expect(ready.status == 503)
        let checks = (try JSONSerialization.jsonObject(with: Data(ready.body.utf8)) as? [String: Any])?["checks"] as? [String: Any]
        let build = (checks?["clusters"] as? [String: Any])?["build"] as? [String: Any]
        #expect(build?["ok"] as? Bool == false, "\(ready.body)")
        #expect((checks?["database"] as? [String: Any])?["ok"] as? Bool == true)
        #expect((checks?["directory"] as? [String: Any])?["ok"] as? Bool == true, "\(ready.body)")
    }
}
