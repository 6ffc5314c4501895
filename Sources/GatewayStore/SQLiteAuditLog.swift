public import Foundation
public import GatewayCore
import GRDB
import Synchronization

/// `AuditLog` in the gateway's SQLite file. Appends are group-committed: whatever arrives while a transaction is
/// being made durable goes into the next one, so `synchronous=FULL` costs one fsync per batch, not per record.
public final class SQLiteAuditLog: AuditLog {
    private struct Pending {
        let record: AuditRecord
        let continuation: CheckedContinuation<Result<AuditReceipt, AuditFailure>, Never>
    }

    private struct Queue {
        var pending: [Pending] = []
        var draining = false
    }

    let database: GatewayDatabase
    private let queue = Mutex(Queue())
    /// The writer: batches are committed on this serial queue, off the cooperative pool (the fsync blocks).
    private let writer = DispatchQueue(label: "aurora-gateway.audit-writer")
    private let maxBatch: Int
    private let counters = Mutex((batches: 0, records: 0))
    private let commitObserver = Mutex<(@Sendable (Duration, Int) -> Void)?>(nil)
    let now: @Sendable () -> Date

    /// Uses the gateway database (migrations create the table and its triggers). `maxBatch` bounds the records
    /// committed together; 1 turns group commit off (one transaction per record, for comparison in benchmarks).
    /// `now` stamps records at commit (injectable for tests of retention and time filters).
    public init(database: GatewayDatabase, maxBatch: Int = 512, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.maxBatch = max(1, maxBatch)
        self.now = now
    }

    public func append(_ record: AuditRecord) async throws(AuditFailure) -> AuditReceipt {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<AuditReceipt, AuditFailure>, Never>) in
            let start = queue.withLock { state -> Bool in
                state.pending.append(Pending(record: record, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if start { writer.async { self.drain() } }
        }
        return try result.get()
    }

    /// Transactions committed and records they held since start (records ÷ batches = the group-commit factor).
    public var committed: (batches: Int, records: Int) { counters.withLock { $0 } }

    /// Tells `observer` how long each durable commit took and how many records it held (for `/metrics`).
    public func observeCommits(_ observer: @escaping @Sendable (Duration, Int) -> Void) {
        commitObserver.withLock { $0 = observer }
    }

    /// Returns once every record appended so far is committed (or has failed): the last step of a graceful shutdown.
    public func flush() {
        writer.sync {}
    }

    /// Records waiting for the next transaction.
    public var queueDepth: Int { queue.withLock { $0.pending.count } }

    /// Writes batches until the queue is empty; one transaction (one fsync) per batch.
    private func drain() {
        while true {
            let batch = queue.withLock { state -> [Pending] in
                guard !state.pending.isEmpty else {
                    state.draining = false
                    return []
                }
                let taken = Array(state.pending.prefix(maxBatch))
                state.pending.removeFirst(taken.count)
                return taken
            }
            guard !batch.isEmpty else { return }
            do {
                let stamp = now()
                let started = ContinuousClock.now
                let receipts = try database.pool.write { db in try Self.insert(batch.map(\.record), into: db, at: stamp) }
                counters.withLock { $0 = ($0.batches + 1, $0.records + batch.count) }
                commitObserver.withLock { $0 }?(ContinuousClock.now - started, batch.count)
                for (pending, receipt) in zip(batch, receipts) { pending.continuation.resume(returning: .success(receipt)) }
            } catch {
                let failure = AuditFailure(Self.describe(error, path: database.path))
                for pending in batch { pending.continuation.resume(returning: .failure(failure)) }
            }
        }
    }

    /// Chains and inserts records after the newest stored one (read inside the transaction, so other writers are safe).
    static func insert(_ records: [AuditRecord], into db: Database, at time: Date) throws -> [AuditReceipt] {
        var (seq, prev, lastTime) = try tail(db)
        var receipts: [AuditReceipt] = []
        let placeholders = Array(repeating: "?", count: AuditSchema.columns.count).joined(separator: ",")
        let statement = try db.cachedStatement(sql: "INSERT INTO audit (\(AuditSchema.columns.joined(separator: ","))) VALUES (\(placeholders))")
        // Commit time, never earlier than the newest record's: `time` follows `seq`, so retention and --since cut the chain cleanly.
        let stamp = max(AuditTime.format(time), lastTime)
        for var record in records {
            seq += 1
            record.seq = seq
            record.time = stamp
            record.prevHash = prev
            var columns = AuditChain.columns(record)
            record.hash = AuditChain.hash(columns)
            columns[columns.count - 1].1 = record.hash
            let values = columns.map { Self.databaseValue($0.1) }
            try statement.execute(arguments: StatementArguments(values))
            receipts.append(AuditReceipt(seq: seq, hash: record.hash))
            prev = record.hash
        }
        return receipts
    }

    /// The newest record's sequence number, hash and time (0, the genesis hash and "" when empty).
    static func tail(_ db: Database) throws -> (Int64, String, String) {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash, time FROM audit ORDER BY seq DESC LIMIT 1")) {
            return (row["seq"], row["hash"], row["time"])
        }
        return (0, AuditChain.genesis, "")
    }

    static func databaseValue(_ value: (any Sendable)?) -> (any DatabaseValueConvertible)? {
        switch value {
        case let text as String: return text
        case let number as Int64: return number
        case let number as Int: return number
        default: return nil
        }
    }

    static func describe(_ error: any Error, path: String) -> String {
        if let sqlite = error as? DatabaseError {
            switch sqlite.resultCode {
            case .SQLITE_FULL: return "\(path): the disk or the database's size limit is full"
            case .SQLITE_READONLY: return "\(path) is read-only"
            case .SQLITE_IOERR, .SQLITE_CANTOPEN: return "\(path): I/O error (\(sqlite.message ?? "\(sqlite.resultCode)"))"
            default: return "\(path): \(sqlite.message ?? "\(sqlite.resultCode)")"
            }
        }
        return "\(path): \(error)"
    }
}
