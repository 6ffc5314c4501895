public import Foundation
public import GatewayCore
import GRDB

extension SQLiteAuditLog {
    public func query(_ filter: AuditFilter) async throws(AuditFailure) -> AuditPage {
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let id = filter.requestID { clauses.append("id = ?"); arguments.append(id) }
        if let actor = filter.actor { clauses.append("actor = ?"); arguments.append(actor) }
        if let action = filter.action {
            clauses.append("action GLOB ?")
            arguments.append(action)
        }
        if let job = filter.job {
            let parts = job.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            for (column, part) in zip(["cluster", "role", "env", "job"], parts) where part != "*" {
                clauses.append("\(column) = ?")
                arguments.append(part)
            }
        }
        if let since = filter.since { clauses.append("time >= ?"); arguments.append(AuditTime.format(since)) }
        if let until = filter.until { clauses.append("time < ?"); arguments.append(AuditTime.format(until)) }
        if let before = filter.before { clauses.append(filter.ascending ? "seq > ?" : "seq < ?"); arguments.append(before) }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let limit = max(1, min(filter.limit, 10_000))
        let sql = "SELECT * FROM audit \(whereSQL) ORDER BY seq \(filter.ascending ? "ASC" : "DESC") LIMIT \(limit + 1)"
        let statementArguments = StatementArguments(arguments)
        do {
            let records = try await database.pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.record)
            }
            let page = Array(records.prefix(limit))
            return AuditPage(records: page, nextCursor: records.count > limit ? page.last?.seq : nil)
        } catch {
            throw AuditFailure(Self.describe(error, path: database.path))
        }
    }

    public func verify() async throws(AuditFailure) -> AuditVerification {
        do {
            return try await database.pool.read { db in try AuditVerifier.verify(db) }
        } catch {
            throw AuditFailure(Self.describe(error, path: database.path))
        }
    }

    public func prune(before cutoff: Date) async throws(AuditFailure) -> Int {
        let stamp = AuditTime.format(cutoff)
        let committed = now()
        do {
            return try await database.pool.write { db in
                guard let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit WHERE time < ? AND phase != 'checkpoint' ORDER BY seq DESC LIMIT 1",
                                                  arguments: [stamp]) else { return 0 }
                let through: Int64 = last["seq"], anchor: String = last["hash"]
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit WHERE seq <= ?", arguments: [through]) ?? 0
                try db.execute(sql: "UPDATE audit_guard SET pruning = 1")
                try db.execute(sql: "DELETE FROM audit WHERE seq <= ?", arguments: [through])
                try db.execute(sql: "UPDATE audit_guard SET pruning = 0")
                var checkpoint = AuditRecord(id: "prune-\(through)", phase: .checkpoint, actor: "aurora-gateway", authKind: "none",
                                             action: "audit.prune", decision: "allow")
                checkpoint.reason = "retention: removed \(count) records older than \(stamp), through seq \(through)"
                checkpoint.responseDetails = AuditVerifier.anchorDetails(through: through, hash: anchor)
                _ = try Self.insert([checkpoint], into: db, at: committed)
                return count
            }
        } catch {
            throw AuditFailure(Self.describe(error, path: database.path))
        }
    }

    /// A stored row as a record.
    static func record(_ row: Row) -> AuditRecord {
        var record = AuditRecord(id: row["id"], phase: AuditPhase(rawValue: row["phase"]) ?? .decided, actor: row["actor"],
                                 authKind: row["auth_kind"], action: row["action"], decision: row["decision"])
        record.seq = row["seq"]
        record.time = row["time"]
        record.tokenID = row["token_id"]
        record.sourceIP = row["source_ip"]
        record.userAgent = row["user_agent"]
        record.request = row["request"]
        record.groups = AuditChain.strings(row["groups"])
        record.rule = row["rule"]
        record.reason = row["reason"]
        record.cluster = row["cluster"]
        record.role = row["role"]
        record.env = row["env"]
        record.job = row["job"]
        record.instances = AuditChain.integers(row["instances"])
        record.requestDigest = row["request_digest"]
        record.requestBody = row["request_body"]
        record.upstreamRPC = row["upstream_rpc"]
        record.upstreamPrincipal = row["upstream_principal"]
        record.responseCode = row["response_code"]
        record.responseDetails = row["response_details"]
        record.httpStatus = row["http_status"]
        record.error = row["error"]
        record.durationMicros = row["duration_us"]
        record.prevHash = row["prev_hash"]
        record.hash = row["hash"]
        return record
    }
}
