import Foundation
import GatewayCore
import GatewayStore

/// Durable audit records per second (WAL, `synchronous=FULL`) at 1, 16 and 64 concurrent writers, with the
/// latency each append adds; side by side with one transaction (one fsync) per record, the design group commit replaces.
enum AuditBench {
    static func run(seconds: Double) async throws {
        try await profile()
        for writers in [1, 16, 64] {
            let grouped = try await measure(writers: writers, seconds: seconds, grouped: true)
            let single = try await measure(writers: writers, seconds: seconds, grouped: false)
            print("| audit appends, synchronous=FULL, group commit, \(writers) writers | \(Bench.format(grouped.rate)) records/s, p50 \(Bench.format(grouped.p50)) µs, p99 \(Bench.format(grouped.p99)) µs, \(String(format: "%.1f", grouped.perBatch)) records per transaction |")
            print("| audit appends, synchronous=FULL, one transaction per record, \(writers) writers | \(Bench.format(single.rate)) records/s, p50 \(Bench.format(single.p50)) µs, p99 \(Bench.format(single.p99)) µs (group commit ÷ this: \(String(format: "%.1f", grouped.rate / single.rate))×) |")
        }
    }

    static func record(_ index: Int) -> AuditRecord {
        var record = AuditRecord(id: "req_bench\(index)", phase: .decided, actor: "alice", authKind: "token", action: "job.kill",
                                 decision: "allow")
        record.tokenID = "tk_0123456789ab"
        record.sourceIP = "127.0.0.1"
        record.request = "DELETE /v1/clusters/build/jobs/mesostest/devel/hello"
        record.groups = ["alice-aurora-users", "alice-aurora-mesostest"]
        record.rule = "policy[1]"
        record.reason = "policy[1] allows job.kill on build/mesostest/devel/hello to group alice-aurora-mesostest"
        record.cluster = "build"
        record.role = "mesostest"
        record.env = "devel"
        record.job = "hello"
        record.requestDigest = String(repeating: "ab", count: 32)
        return record
    }

    static func measure(writers: Int, seconds: Double, grouped: Bool) async throws -> (rate: Double, p50: Double, p99: Double, perBatch: Double) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("agw-bench-audit-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = try GatewayDatabase(dataDir: dir)
        let audit = SQLiteAuditLog(database: database, maxBatch: grouped ? 512 : 1)
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var own: [Double] = []
                    var index = writer * 10_000_000
                    while ContinuousClock.now < deadline && own.count < 2_000_000 {
                        let t0 = ContinuousClock.now
                        _ = try await audit.append(record(index))
                        own.append(Bench.seconds(ContinuousClock.now - t0) * 1e6)
                        index += 1
                    }
                    return own
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        let elapsed = Bench.seconds(ContinuousClock.now - started)
        let verification = try await audit.verify()
        guard verification.firstProblem == nil, verification.records == latencies.count else {
            throw BenchError("audit chain broken after the run: \(verification)")
        }
        let sorted = latencies.sorted()
        let committed = audit.committed
        return (Double(sorted.count) / elapsed, sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)],
                Double(committed.records) / Double(max(1, committed.batches)))
    }
}

extension AuditBench {
    /// Where one record's time goes: hashing (canonical JSON + SHA-256) versus the rest of the append.
    static func profile() async throws {
        let sample = record(1)
        let started = ContinuousClock.now
        for _ in 0..<2000 { _ = AuditChain.hash(sample) }
        let hashMicros = Bench.seconds(ContinuousClock.now - started) * 1e6 / 2000
        print("| audit record hash (canonical JSON + SHA-256) | \(Bench.format(hashMicros)) µs per record |")
    }
}
