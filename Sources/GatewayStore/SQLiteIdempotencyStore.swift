public import Foundation
public import GatewayCore
import GRDB

/// `IdempotencyStore` in the gateway's SQLite file.
public struct SQLiteIdempotencyStore: IdempotencyStore {
    private let database: GatewayDatabase

    /// Uses the gateway database (migrations create the table).
    public init(database: GatewayDatabase) { self.database = database }

    public func claim(actor: String, operation: String, key: String, digest: String, requestID: String, now: Date,
                      window: TimeInterval) async throws -> IdempotentAnswer? {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM idempotency WHERE created_at < ?", arguments: [now.addingTimeInterval(-window)])
            // A claim left without an answer (the gateway stopped mid-request) is given up after five minutes.
            try db.execute(sql: "DELETE FROM idempotency WHERE status IS NULL AND created_at < ?", arguments: [now.addingTimeInterval(-300)])
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM idempotency WHERE actor = ? AND operation = ? AND key = ?",
                                          arguments: [actor, operation, key]) {
                return IdempotentAnswer(digest: row["digest"], status: row["status"], body: [UInt8]((row["body"] as Data?) ?? Data()),
                                        requestID: row["request_id"])
            }
            try db.execute(sql: """
                INSERT INTO idempotency (actor, operation, key, digest, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [actor, operation, key, digest, requestID, now])
            return nil
        }
    }

    public func complete(actor: String, operation: String, key: String, status: Int, body: [UInt8]) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "UPDATE idempotency SET status = ?, body = ? WHERE actor = ? AND operation = ? AND key = ?",
                           arguments: [status, Data(body), actor, operation, key])
        }
    }

    public func release(actor: String, operation: String, key: String) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM idempotency WHERE actor = ? AND operation = ? AND key = ?", arguments: [actor, operation, key])
        }
    }
}
