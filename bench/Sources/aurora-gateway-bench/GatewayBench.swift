import AuroraSimulator
import AuroraThrift
import Foundation
import GatewayCore
import GatewayServer
import GatewayStore
import HTTPTransport
import Hummingbird
import Kerberos
import Logging
import SchedulerClient
import Synchronization

/// The whole gateway (token, policy, durable audit at synchronous=FULL, a Kerberos-checking simulator) next to the
/// same scheduler calls made directly through `KerberosSchedulerClient`, at 1, 16 and 64 concurrent callers: a read
/// (`jobs.list`, which goes to Aurora without a token, as Aurora's client sends it) and a write pair (`job.create` then
/// `job.kill`, each scheduler call with a fresh SPNEGO token).
enum GatewayBench {
    static func run(kdcDir: String, realm: String, seconds: Double) async throws {
        // Off the main actor: `main` runs there, and the server task would inherit it.
        try await Task.detached { try await measureAll(kdcDir: kdcDir, realm: realm, seconds: seconds) }.value
    }

    static func measureAll(kdcDir: String, realm: String, seconds: Double) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        var simulated = SimulatorConfiguration(clusterName: "build")
        simulated.spnego = .init(keytab: "\(kdcDir)/http-localhost.keytab", principal: "HTTP/localhost@\(realm)")
        let sim = try await SimulatorServer.start(simulated, logger: logger)
        let http = CurlHTTPClient(threads: 64)
        let credential = try Bench.credential(kdcDir, realm)
        try credential.acquireBlocking()
        let cluster = ClusterConfig(name: "build", schedulerURI: "http://localhost:\(sim.port)", authMechanism: .kerberos)
        let direct = try KerberosSchedulerClient(cluster: cluster, http: http, credential: credential, logger: logger)
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("agw-bench-gw-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        var config = GatewayConfig(listen: ListenAddress(host: "127.0.0.1", port: 0), dataDir: dataDir,
                                   kerberos: KerberosConfig(principal: "aurora-gw/localhost@\(realm)", keytab: "\(kdcDir)/gateway.keytab"),
                                   clusters: [cluster], directory: DirectoryConfig(users: ["alice": ["mesostest"]]),
                                   policy: [PolicyRule(group: "mesostest", allow: ["read", "job.*"], on: ["build/mesostest/*/*"])])
        config.rateLimits = RateLimits(readsPerSecond: 1e9, readsBurst: 1_000_000_000, writesPerSecond: 1e9, writesBurst: 1_000_000_000)
        let database = try GatewayDatabase(dataDir: dataDir)
        let parts = GatewayParts(http: http, credential: credential, clusters: ClusterRegistry([direct]), database: database,
                                 directory: GatewayParts.directory(for: config.directory, http: http), tokens: SQLiteTokenStore(database: database),
                                 hasher: TokenHasher(pepper: try TokenHasher.loadOrCreatePepper(dataDir: dataDir)),
                                 audit: SQLiteAuditLog(database: database), idempotency: SQLiteIdempotencyStore(database: database))
        let (_, secret) = try await TokenIssuer(store: parts.tokens, hasher: parts.hasher)
            .issue(owner: "alice", kind: .user, name: "bench", scopes: [], expiresInDays: 1)
        let urls = AsyncStream<String>.makeStream()
        let app = try buildApplication(config: config, parts: parts, logger: logger) { urls.continuation.yield($0) }
        let server = Task { try await app.run() }
        var iterator = urls.stream.makeAsyncIterator()
        guard let base = await iterator.next() else { throw BenchError("the gateway did not start") }
        // The load generator has its own client: sharing the gateway's libcurl pool would make the two wait on each other.
        let caller = CurlHTTPClient(threads: 64)
        let list = HTTPTransport.HTTPRequest(url: "\(base)/v1/clusters/build/roles/mesostest/jobs", method: "GET",
                               headers: [HTTPHeader("Authorization", "Bearer \(secret.text)")])
        let me = HTTPTransport.HTTPRequest(url: "\(base)/v1/me", method: "GET", headers: [HTTPHeader("Authorization", "Bearer \(secret.text)")])
        let health = HTTPTransport.HTTPRequest(url: "\(base)/healthz", method: "GET")
        for (label, request) in [("/healthz through the gateway (HTTP only: no token, no audit)", health),
                                 ("/v1/me through the gateway (token, directory, durable audit; no scheduler)", me)] {
            let result = try await Bench.measure(concurrency: 1, seconds: seconds) {
                let response = try await caller.send(request)
                guard response.status == 200 else { throw BenchError("gateway answered \(response.status)") }
            }
            print("| \(label), 1 concurrent | \(Bench.format(result.rate)) req/s, p50 \(Bench.format(result.p50)) µs, p99 \(Bench.format(result.p99)) µs |")
        }
        for concurrency in [1, 16, 64] {
            let viaGateway = try await Bench.measure(concurrency: concurrency, seconds: seconds) {
                let response = try await caller.send(list)
                guard response.status == 200 else { throw BenchError("gateway answered \(response.status): \(String(decoding: response.body, as: UTF8.self))") }
            }
            let straight = try await Bench.measure(concurrency: concurrency, seconds: seconds) {
                let reply = try await direct.call(GetJobSummaryArgs(role: "mesostest"))
                guard reply.response.responseCode == .ok else { throw BenchError("scheduler answered \(reply.response.message)") }
            }
            print("| jobs.list through the gateway (token, policy, audit), \(concurrency) concurrent | \(Bench.format(viaGateway.rate)) req/s, p50 \(Bench.format(viaGateway.p50)) µs, p99 \(Bench.format(viaGateway.p99)) µs |")
            print("| getJobSummary straight to the scheduler, \(concurrency) concurrent | \(Bench.format(straight.rate)) req/s, p50 \(Bench.format(straight.p50)) µs, p99 \(Bench.format(straight.p99)) µs (gateway ÷ direct: \(String(format: "%.2f", viaGateway.rate / straight.rate))×, +\(Bench.format(viaGateway.p50 - straight.p50)) µs at p50) |")
        }
        try await measureWrites(base: base, token: secret.text, caller: caller, direct: direct, seconds: seconds)
        server.cancel()
        _ = await server.result
        await sim.shutdown()
    }

    /// A small batch job: what a pull-request builder launches.
    static let specJSON = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"hello","cmdline":"echo hello"}]}"#

    /// `POST …/jobs/…` then `DELETE` of the same job through the gateway, next to `createJob`, `killTasks` and
    /// `descheduleCronJob` (what `job.kill` sends) straight to the scheduler with the same translated configuration.
    static func measureWrites(base: String, token: String, caller: CurlHTTPClient, direct: KerberosSchedulerClient, seconds: Double) async throws {
        let spec = try JobSpecDecoder.decode(Array(specJSON.utf8))
        let names = NameCounter()
        let headers = [HTTPHeader("Authorization", "Bearer \(token)"), HTTPHeader("Content-Type", "application/json")]
        for concurrency in [1, 16, 64] {
            let viaGateway = try await Bench.measure(concurrency: concurrency, seconds: seconds) {
                let url = "\(base)/v1/clusters/build/jobs/mesostest/devel/gw\(names.next())"
                let created = try await caller.send(HTTPTransport.HTTPRequest(url: url, method: "POST", headers: headers, body: Array(specJSON.utf8)))
                guard created.status == 201 else { throw BenchError("job.create answered \(created.status): \(String(decoding: created.body, as: UTF8.self))") }
                let killed = try await caller.send(HTTPTransport.HTTPRequest(url: url, method: "DELETE", headers: headers))
                guard killed.status == 200 else { throw BenchError("job.kill answered \(killed.status): \(String(decoding: killed.body, as: UTF8.self))") }
            }
            let straight = try await Bench.measure(concurrency: concurrency, seconds: seconds) {
                let key = JobKey(role: "mesostest", environment: "devel", name: "direct\(names.next())")
                let config = JobSpecTranslator.jobConfiguration(spec, cluster: "build", key: key, owner: "mesostest")
                for reply in [try await direct.call(CreateJobArgs(description: config)),
                              try await direct.call(KillTasksArgs(job: key, instances: nil, message: nil)),
                              try await direct.call(DescheduleCronJobArgs(job: key))] {
                    guard reply.response.responseCode == .ok else { throw BenchError("scheduler answered \(reply.response.message)") }
                }
            }
            print("| job.create + job.kill through the gateway (token, policy, audit, SPNEGO), \(concurrency) concurrent | \(Bench.format(viaGateway.rate)) pairs/s, p50 \(Bench.format(viaGateway.p50)) µs, p99 \(Bench.format(viaGateway.p99)) µs |")
            print("| createJob + killTasks + descheduleCronJob straight to the scheduler (SPNEGO), \(concurrency) concurrent | \(Bench.format(straight.rate)) triples/s, p50 \(Bench.format(straight.p50)) µs, p99 \(Bench.format(straight.p99)) µs (gateway ÷ direct: \(String(format: "%.2f", viaGateway.rate / straight.rate))×, +\(Bench.format(viaGateway.p50 - straight.p50)) µs at p50) |")
        }
    }
}

/// Unique job names across the benchmark's concurrent callers.
final class NameCounter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
