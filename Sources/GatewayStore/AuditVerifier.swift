import Foundation
import GatewayCore
import GRDB

/// Recomputes the audit chain: contiguous sequence numbers, each `prev_hash` equal to the previous record's hash
/// (or, after pruning, to the anchor a checkpoint recorded), and each hash equal to the recomputed one.
enum AuditVerifier {
    static func anchorDetails(through: Int64, hash: String) -> String {
        "{\"anchor_hash\":\"\(hash)\",\"pruned_through_seq\":\(through)}"
    }

    static func anchors(_ db: Database) throws -> [Int64: String] {
        var anchors: [Int64: String] = [:]
        for details in try String.fetchAll(db, sql: "SELECT response_details FROM audit WHERE phase = 'checkpoint'") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(details.utf8)) as? [String: Any],
                  let through = (object["pruned_through_seq"] as? NSNumber)?.int64Value,
                  let hash = object["anchor_hash"] as? String else { continue }
            anchors[through] = hash
        }
        return anchors
    }

    /// The row's columns exactly as stored (no decoding that could hide a change).
    static func storedColumns(_ row: Row) -> [(String, (any Sendable)?)] {
        AuditSchema.columns.map { name -> (String, (any Sendable)?) in
            let value: DatabaseValue = row[name]
            switch value.storage {
            case .string(let text): return (name, text)
            case .int64(let number): return (name, number)
            case .double(let number): return (name, number)
            case .blob(let data): return (name, data.base64EncodedString())
            case .null: return (name, nil)
            }
        }
    }

    static func verify(_ db: Database) throws -> AuditVerification {
        let anchors = try anchors(db)
        var expectedSeq: Int64?
        var previous = ""
        var count = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq ASC")
        while let row = try rows.next() {
            let record = SQLiteAuditLog.record(row)
            count += 1
            let name = "record seq \(record.seq) (id \(record.id), \(record.time))"
            if let expected = expectedSeq {
                guard record.seq == expected else {
                    return AuditVerification(records: count, firstProblem: "records \(expected)…\(record.seq - 1) are missing before \(name)")
                }
            } else {
                previous = record.seq == 1 ? AuditChain.genesis : (anchors[record.seq - 1] ?? "")
                if previous.isEmpty {
                    return AuditVerification(records: count, firstProblem: "\(name) is the oldest kept record but no checkpoint accounts for records 1…\(record.seq - 1): they were removed outside retention pruning")
                }
            }
            guard record.prevHash == previous else {
                return AuditVerification(records: count, firstProblem: "\(name) does not follow the previous record (prev_hash differs): a record before it was changed, removed or inserted")
            }
            guard AuditChain.hash(storedColumns(row)) == record.hash else {
                return AuditVerification(records: count, firstProblem: "\(name) was altered: its hash does not match its contents")
            }
            previous = record.hash
            expectedSeq = record.seq + 1
        }
        return AuditVerification(records: count, firstProblem: nil)
    }
}
