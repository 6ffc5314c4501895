import Foundation
import GatewayCore
import GatewayStore
import GRDB
import TestSupport
import Synchronization
import Testing

@Suite("The SQLite audit log: chain, append-only triggers, tamper evidence, pruning, queries, group commit")
struct AuditLogTests {
    func fresh(clock: TestClock = TestClock()) throws -> (GatewayDatabase, SQLiteAuditLog) {
        let database = try GatewayDatabase(dataDir: RepoPaths.temporaryDirectory("agw-audit").path)
        return (database, SQLiteAuditLog(database: database, now: clock.now))
    }

    func record(_ id: String, actor: String = "alice", action: String = "job.kill", job: String? = "hello") -> AuditRecord {
        var record = AuditRecord(id: id, phase: .decided, actor: actor, authKind: "token", action: action, decision: "allow")
        record.cluster = "build"
        record.role = "mesostest"
        record.env = "devel"
        record.job = job
        record.groups = ["alice-aurora-mesostest"]
        record.rule = "policy[1]"
        return record
    }

    @Test("records chain from the genesis hash; each hash covers the previous one and every field")
    func chain() async throws {
        let (_, audit) = try fresh()
        let first = try await audit.append(record("req_1"))
        let second = try await audit.append(record("req_2"))
        #expect(first.seq == 1 && second.seq == 2)
        let page = try await audit.query(AuditFilter(ascending: true))
        #expect(page.records.map(\.prevHash) == [AuditChain.genesis, first.hash])
        #expect(page.records.map(\.hash) == [first.hash, second.hash])
        #expect(page.records[0].groups == ["alice-aurora-mesostest"])
        #expect(try await audit.verify() == AuditVerification(records: 2, firstProblem: nil))
    }

    @Test("UPDATE and DELETE of audit rows are refused by the database itself")
    func appendOnly() async throws {
        let (database, audit) = try fresh()
        _ = try await audit.append(record("req_1"))
        await #expect(throws: DatabaseError.self) {
            try await database.pool.write { try $0.execute(sql: "UPDATE audit SET actor = 'mallory'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await database.pool.write { try $0.execute(sql: "DELETE FROM audit") }
        }
        #expect(try await audit.verify().records == 1)
    }

    @Test("a record altered, removed or inserted behind the triggers' back is named by verify")
    func tamperEvidence() async throws {
        for tamper in ["UPDATE audit SET actor = 'mallory' WHERE seq = 3", "DELETE FROM audit WHERE seq = 3",
                       "UPDATE audit SET prev_hash = hash WHERE seq = 4"] {
            let (database, audit) = try fresh()
            for index in 1...5 { _ = try await audit.append(record("req_\(index)")) }
            try await database.pool.write { db in
                try db.execute(sql: "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete")
                try db.execute(sql: tamper)
            }
            let outcome = try await audit.verify()
            let problem = try #require(outcome.firstProblem, "\(tamper)")
            #expect(problem.contains(tamper.hasPrefix("DELETE") ? "3…3 are missing" : (tamper.contains("seq = 4") ? "seq 4" : "seq 3")), "\(problem)")
        }
    }

    @Test("pruning removes old records through one path and leaves a checkpoint; verify still passes, twice over")
    func pruning() async throws {
        let clock = TestClock()
        let (_, audit) = try fresh(clock: clock)
        clock.set(Date().addingTimeInterval(-500 * 86_400))
        for index in 1...4 { _ = try await audit.append(record("old_\(index)")) }
        clock.set(Date())
        for index in 1...3 { _ = try await audit.append(record("new_\(index)")) }
        #expect(try await audit.prune(before: Date().addingTimeInterval(-400 * 86_400)) == 4)
        let kept = try await audit.query(AuditFilter(ascending: true)).records
        #expect(kept.map(\.id) == ["new_1", "new_2", "new_3", "prune-4"])
        #expect(kept.last?.phase == .checkpoint)
        #expect(try await audit.verify() == AuditVerification(records: 4, firstProblem: nil))
        #expect(try await audit.prune(before: Date().addingTimeInterval(60)) == 3)
        #expect(try await audit.verify() == AuditVerification(records: 2, firstProblem: nil))
        #expect(try await audit.prune(before: Date().addingTimeInterval(-400 * 86_400)) == 0)
    }

    @Test("queries filter by actor, action glob, job and time, newest first, with a cursor")
    func queries() async throws {
        let clock = TestClock()
        let (_, audit) = try fresh(clock: clock)
        let start = Date().addingTimeInterval(-100)
        for index in 0..<30 {
            clock.set(start.addingTimeInterval(Double(index)))
            _ = try await audit.append(record("req_\(index)", actor: index % 2 == 0 ? "alice" : "bob",
                                              action: index % 3 == 0 ? "job.create" : "update.pause", job: index < 10 ? "a" : "b"))
        }
        let alice = try await audit.query(AuditFilter(actor: "alice", limit: 10))
        #expect(alice.records.count == 10)
        #expect(alice.records.allSatisfy { $0.actor == "alice" })
        #expect(alice.records.map(\.seq) == alice.records.map(\.seq).sorted(by: >))
        let rest = try await audit.query(AuditFilter(actor: "alice", before: alice.nextCursor, limit: 10))
        #expect(rest.records.count == 5)
        #expect(rest.nextCursor == nil)
        #expect(try await audit.query(AuditFilter(action: "job.*")).records.count == 10)
        #expect(try await audit.query(AuditFilter(job: "build/mesostest/devel/a")).records.count == 10)
        #expect(try await audit.query(AuditFilter(job: "build/*/*/b")).records.count == 20)
        let window = try await audit.query(AuditFilter(since: start.addingTimeInterval(5), until: start.addingTimeInterval(10)))
        #expect(window.records.map(\.id) == ["req_9", "req_8", "req_7", "req_6", "req_5"])
    }

    @Test("many concurrent appends share transactions and still form one contiguous, valid chain")
    func groupCommit() async throws {
        let (_, audit) = try fresh()
        let receipts = try await withThrowingTaskGroup(of: AuditReceipt.self) { group in
            for index in 0..<600 { group.addTask { try await audit.append(record("req_\(index)")) } }
            return try await group.reduce(into: [AuditReceipt]()) { $0.append($1) }
        }
        #expect(Set(receipts.map(\.seq)) == Set(1...600))
        #expect(try await audit.verify() == AuditVerification(records: 600, firstProblem: nil))
    }

    @Test("a full database (max_page_count) fails the append with a clear error, and the chain stays valid")
    func databaseFull() async throws {
        let (database, audit) = try fresh()
        _ = try await audit.append(record("req_1"))
        let pages = try await database.pool.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
        try await database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = \(pages)") }
        var big = record("req_big")
        big.requestBody = String(repeating: "x", count: 200_000)
        let failure = await #expect(throws: AuditFailure.self) { try await audit.append(big) }
        #expect(failure?.detail.contains("full") == true)
        #expect(failure?.problem.status == 503)
        #expect(try await audit.verify() == AuditVerification(records: 1, firstProblem: nil))
    }
}

/// A clock the test sets.
final class TestClock: Sendable {
    private let time = Mutex(Date())
    func set(_ date: Date) { time.withLock { $0 = date } }
    var now: @Sendable () -> Date { { self.time.withLock { $0 } } }
}
