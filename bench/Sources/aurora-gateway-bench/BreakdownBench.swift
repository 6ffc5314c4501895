import AuroraSimulator
import AuroraThrift
import Foundation
import GatewayCore
import GatewayStore
import HTTPTransport
import Logging
import SchedulerClient

/// Where the time of one `jobs.list` goes: each step the gateway takes, timed on its own with one caller, in the
/// order a request meets them (token check, policy, durable audit record, SPNEGO token for writes, Thrift encode,
/// the libcurl round trip to the scheduler, Thrift decode, the JSON answer).
enum BreakdownBench {
    static func run(kdcDir: String, realm: String) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("agw-bench-breakdown-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = try GatewayDatabase(dataDir: dir)
        let store = SQLiteTokenStore(database: database)
        let hasher = TokenHasher(pepper: try TokenHasher.loadOrCreatePepper(dataDir: dir))
        let directory = CachingDirectory(backend: StaticDirectory(users: ["alice": ["mesostest"]]))
        let rules = AccessRules(.init(policy: [PolicyRule(group: "mesostest", allow: ["read"], on: ["build/mesostest/*/*"])],
                                      adminGroups: [], serviceAccounts: []))
        let authenticator = Authenticator(store: store, hasher: hasher, directory: directory, rules: rules)
        let authorizer = Authorizer(rules: rules)
        let (_, secret) = try await TokenIssuer(store: store, hasher: hasher).issue(owner: "alice", kind: .user, name: "bench", scopes: [], expiresInDays: 1)
        let header = "Bearer \(secret.text)"
        let caller = try await authenticator.authenticate(authorization: header, sourceIP: "127.0.0.1")
        let operation = try OperationCatalogue.named("jobs.list").orThrow("jobs.list is not in the catalogue")
        let target = PolicyTarget(cluster: "build", role: "mesostest")
        let audit = SQLiteAuditLog(database: database)
        let request = RequestInfo(requestID: "req_bench", sourceIP: "127.0.0.1", userAgent: "bench", method: "GET",
                                  path: "/v1/clusters/build/roles/mesostest/jobs")

        var rows: [(String, Double)] = []
        rows.append(("token check (`Authorization: Bearer`, cached lookup, directory cache)", try await mean(5000) {
            _ = try await authenticator.authenticate(authorization: header, sourceIP: "127.0.0.1")
        }))
        rows.append(("policy and token scopes", try await mean(20000) { _ = authorizer.decide(caller, operation, target: target) }))
        rows.append(("durable `decided` audit record (hash chain, one fsync, one caller)", try await mean(500) {
            let decision = authorizer.decide(caller, operation, target: target)
            _ = try await audit.append(AuditRecords.decided(operation, target: target, caller: caller, request: request, decision: decision))
        }))
        let credential = try Bench.credential(kdcDir, realm)
        try credential.acquireBlocking()
        rows.append(("SPNEGO token (writes only; reads go without one)", try await mean(2000) {
            _ = try credential.negotiateHeader(for: "HTTP/localhost@\(realm)")
        }))
        let call = GetJobSummaryArgs(role: "mesostest")
        rows.append(("Thrift TJSON encode of the call", try await mean(20000) { _ = ThriftCodec.encodeCall(call, as: .json) }))

        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let sim = try await SimulatorServer.start(SimulatorConfiguration(clusterName: "build"), logger: logger)
        defer { Task { await sim.shutdown() } }
        let http = CurlHTTPClient(threads: 4)
        let body = ThriftCodec.encodeCall(call, as: .json)
        let exchange = HTTPTransport.HTTPRequest(url: "http://127.0.0.1:\(sim.port)/api", method: "POST",
                                                 headers: [HTTPHeader("Content-Type", ThriftProtocolKind.json.contentType),
                                                           HTTPHeader("Accept", ThriftProtocolKind.json.contentType)], body: body)
        var replyBytes: [UInt8] = []
        rows.append(("HTTP round trip to the scheduler through libcurl (the scheduler's own time included)", try await mean(2000) {
            replyBytes = try await http.send(exchange).body
        }))
        rows.append(("Thrift TJSON decode of the reply (\(replyBytes.count) bytes)", try await mean(20000) {
            _ = try ThriftCodec.decodeReply(replyBytes, method: "getJobSummary", as: .json)
        }))
        let answer = AnswerShape.sample
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        rows.append(("JSON answer (one job, Foundation's JSONEncoder as the generated server uses it)", try await mean(20000) { _ = try encoder.encode(answer) }))
        for (label, micros) in rows {
            print("| where the time goes: \(label) | \(String(format: micros < 10 ? "%.2f" : "%.0f", micros)) µs |")
        }
    }

    /// Mean µs per call of `body`, after one warm-up call.
    static func mean(_ count: Int, _ body: () async throws -> Void) async throws -> Double {
        try await body()
        let started = ContinuousClock.now
        for _ in 0..<count { try await body() }
        return Bench.seconds(ContinuousClock.now - started) * 1e6 / Double(count)
    }

    /// The shape of a `jobs.list` answer with one job.
    struct AnswerShape: Encodable {
        struct Job: Encodable {
            let cluster, role, env, name, url: String
            let instances: Int
            let cron: Bool
            let stateCounts: [String: Int]
        }
        let jobs: [Job]
        static let sample = AnswerShape(jobs: [Job(cluster: "build", role: "mesostest", env: "devel", name: "hello",
                                                   url: "https://aurora.example.org/scheduler/mesostest/devel/hello", instances: 2,
                                                   cron: false, stateCounts: ["RUNNING": 2])])
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let value = self else { throw BenchError(message) }
        return value
    }
}
