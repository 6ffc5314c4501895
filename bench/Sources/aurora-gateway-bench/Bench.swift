import AuroraSimulator
import AuroraThrift
import Foundation
import HTTPTransport
import Kerberos
import Logging
import SchedulerClient

/// The scheduler-path micro-benchmarks (issue 2): SPNEGO token cost, round trips through
/// `KerberosSchedulerClient` against the simulator, and codec throughput. Run through `bench/run`.
@main
enum Bench {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let kdcDir = environment["AGW_TEST_KDC_DIR"], let realm = environment["AGW_TEST_REALM"] else {
            print("run me through bench/run (it starts the KDC and sets AGW_TEST_KDC_DIR)")
            exit(2)
        }
        let seconds = Double(environment["BENCH_SECONDS"] ?? "3") ?? 3
        let only = environment["BENCH_ONLY"].map { Set($0.split(separator: ",").map(String.init)) }
        func wanted(_ part: String) -> Bool { only?.contains(part) ?? true }
        print("| measurement | result |")
        print("| --- | --- |")
        if wanted("spnego") { try tokens(kdcDir: kdcDir, realm: realm) }
        if wanted("scheduler") { try await roundTrips(kdcDir: kdcDir, realm: realm, seconds: seconds) }
        if wanted("codec") { codec(seconds: seconds) }
        if wanted("audit") { try await AuditBench.run(seconds: seconds) }
        if wanted("gateway") { try await GatewayBench.run(kdcDir: kdcDir, realm: realm, seconds: seconds) }
        if wanted("breakdown") { try await BreakdownBench.run(kdcDir: kdcDir, realm: realm) }
    }

    static func credential(_ kdcDir: String, _ realm: String) throws -> KeytabCredential {
        try KeytabCredential(settings: .init(principal: "aurora-gw/localhost@\(realm)", keytab: "\(kdcDir)/gateway.keytab"))
    }

    static func tokens(kdcDir: String, realm: String) throws {
        let credential = try credential(kdcDir, realm)
        try credential.acquireBlocking()
        let spn = "HTTP/localhost@\(realm)"
        _ = try credential.negotiateHeader(for: spn)
        let count = 5000
        let started = ContinuousClock.now
        var bytes = 0
        for _ in 0..<count { bytes = try credential.negotiateHeader(for: spn).utf8.count }
        let micros = seconds(ContinuousClock.now - started) * 1e6 / Double(count)
        print("| SPNEGO `Authorization: Negotiate` header (\(count) tokens, MEMORY ccache) | \(format(micros)) µs per token, \(bytes) bytes |")
    }

    static func roundTrips(kdcDir: String, realm: String, seconds: Double) async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        var configuration = SimulatorConfiguration(clusterName: "bench")
        configuration.spnego = .init(keytab: "\(kdcDir)/http-localhost.keytab", principal: "HTTP/localhost@\(realm)")
        let sim = try await SimulatorServer.start(configuration, logger: logger)
        let open = try await SimulatorServer.start(SimulatorConfiguration(clusterName: "bench"), logger: logger)
        let http = CurlHTTPClient(threads: 32)
        let credential = try credential(kdcDir, realm)
        for (label, server, auth) in [("SPNEGO", sim, AuthMechanism.kerberos), ("no auth", open, AuthMechanism.unauthenticated)] {
            for kind in ThriftProtocolKind.allCases {
                let client = try KerberosSchedulerClient(
                    cluster: ClusterConfig(name: "bench", schedulerURI: "http://localhost:\(server.port)", authMechanism: auth, thriftProtocol: kind),
                    http: http, credential: auth == .kerberos ? credential : nil, logger: logger)
                for concurrency in [1, 32] {
                    let (rate, p50) = try await load(client: client, concurrency: concurrency, seconds: seconds)
                    print("| getRoleSummary round trips, \(label), \(kind == .json ? "TJSON" : "TBinary"), \(concurrency) concurrent | \(format(rate)) calls/s, p50 \(format(p50)) µs |")
                }
            }
        }
        await sim.shutdown()
        await open.shutdown()
    }

    static func load(client: KerberosSchedulerClient, concurrency: Int, seconds: Double) async throws -> (Double, Double) {
        let result = try await measure(concurrency: concurrency, seconds: seconds) {
            let reply = try await client.call(GetRoleSummaryArgs())
            guard reply.response.responseCode == .ok else { throw BenchError("scheduler answered \(reply.response.message)") }
        }
        return (result.rate, result.p50)
    }

    /// Runs `body` from `concurrency` tasks for `seconds`; requests per second and latency percentiles in µs.
    static func measure(concurrency: Int, seconds: Double, _ body: @escaping @Sendable () async throws -> Void) async throws -> (rate: Double, p50: Double, p99: Double) {
        try await body()
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var own: [Double] = []
                    while ContinuousClock.now < deadline && own.count < 1_000_000 {
                        let t0 = ContinuousClock.now
                        try await body()
                        own.append(Self.seconds(ContinuousClock.now - t0) * 1e6)
                    }
                    return own
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let sorted = latencies.sorted()
        let elapsed = Self.seconds(ContinuousClock.now - started)
        return (Double(sorted.count) / elapsed, sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }

    static func codec(seconds: Double) {
        let response = CodecFixture.tasksReply(count: 500)
        for kind in ThriftProtocolKind.allCases {
            let encoded = ThriftCodec.encodeReply(response, method: "getTasksWithoutConfigs", seqid: 0, as: kind)
            let encodeRate = throughput(bytes: encoded.count, seconds: seconds / 2) {
                _ = ThriftCodec.encodeReply(response, method: "getTasksWithoutConfigs", seqid: 0, as: kind)
            }
            let decodeRate = throughput(bytes: encoded.count, seconds: seconds / 2) {
                _ = try! ThriftCodec.decodeReply(encoded, method: "getTasksWithoutConfigs", as: kind)
            }
            let name = kind == .json ? "TJSON" : "TBinary"
            print("| 500-task getTasksWithoutConfigs reply, \(name) (\(encoded.count / 1024) KiB) | encode \(format(encodeRate)) MB/s, decode \(format(decodeRate)) MB/s |")
        }
    }

    static func throughput(bytes: Int, seconds: Double, _ body: () -> Void) -> Double {
        body()
        let started = ContinuousClock.now
        var rounds = 0
        while Self.seconds(ContinuousClock.now - started) < seconds {
            body()
            rounds += 1
        }
        return Double(bytes * rounds) / Self.seconds(ContinuousClock.now - started) / 1e6
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
