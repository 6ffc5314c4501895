public import Foundation
public import GatewayCore
import GRDB

/// `WebhookStore` in the gateway's SQLite file: the delivery queue (also the 72-hour dedupe record) and one row
/// per (repository, pull request, check, head SHA).
public struct SQLiteWebhookStore: WebhookStore {
    private let database: GatewayDatabase
    /// How long a delivery id is remembered.
    public static let dedupeWindow: TimeInterval = 72 * 3600

    /// Uses the gateway database (migration v5 creates the tables).
    public init(database: GatewayDatabase) { self.database = database }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE webhook_deliveries (
                id TEXT PRIMARY KEY NOT NULL, repository TEXT NOT NULL, event TEXT NOT NULL, received_at DATETIME NOT NULL,
                state TEXT NOT NULL, note TEXT, body BLOB NOT NULL);
            CREATE INDEX webhook_deliveries_state ON webhook_deliveries(state, received_at);
            CREATE TABLE pr_builds (
                repository TEXT NOT NULL, number INTEGER NOT NULL, check_name TEXT NOT NULL, head_sha TEXT NOT NULL,
                head_ref TEXT NOT NULL, base_ref TEXT NOT NULL, author TEXT NOT NULL, job_key TEXT NOT NULL,
                state TEXT NOT NULL, status_posted TEXT, delivery_id TEXT, note TEXT, updated_at DATETIME NOT NULL,
                PRIMARY KEY (repository, number, check_name, head_sha));
            CREATE INDEX pr_builds_state ON pr_builds(state);
            """)
    }

    public func enqueue(_ delivery: WebhookDelivery) async throws -> Bool {
        try await database.pool.write { db in
            // Done deliveries past the window are forgotten; queued ones stay until the worker has done them.
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE state IN ('done', 'failed') AND received_at < ?",
                           arguments: [delivery.receivedAt.addingTimeInterval(-Self.dedupeWindow)])
            try db.execute(sql: """
                INSERT INTO webhook_deliveries (id, repository, event, received_at, state, body) VALUES (?, ?, ?, ?, 'queued', ?)
                ON CONFLICT(id) DO NOTHING
                """, arguments: [delivery.id, delivery.repository, delivery.event, delivery.receivedAt, Data(delivery.body)])
            return db.changesCount == 1
        }
    }

    public func queued(limit: Int) async throws -> [WebhookDelivery] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook_deliveries WHERE state = 'queued' ORDER BY received_at, id LIMIT ?",
                             arguments: [limit]).map { row in
                WebhookDelivery(id: row["id"], repository: row["repository"], event: row["event"], receivedAt: row["received_at"],
                                body: [UInt8](row["body"] as Data))
            }
        }
    }

    public func finish(_ id: String, failed: String?) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "UPDATE webhook_deliveries SET state = ?, note = ?, body = x'' WHERE id = ?",
                           arguments: [failed == nil ? "done" : "failed", failed, id])
        }
    }

    public func build(repository: String, number: Int, check: String, headSHA: String) async throws -> PullRequestBuild? {
        try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pr_builds WHERE repository = ? AND number = ? AND check_name = ? AND head_sha = ?",
                             arguments: [repository, number, check, headSHA]).map(Self.build)
        }
    }

    public func builds(repository: String, number: Int) async throws -> [PullRequestBuild] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pr_builds WHERE repository = ? AND number = ? ORDER BY updated_at DESC, rowid DESC",
                             arguments: [repository, number]).map(Self.build)
        }
    }

    public func builds(in state: PullRequestBuild.State, repository: String) async throws -> [PullRequestBuild] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pr_builds WHERE state = ? AND repository = ? ORDER BY updated_at",
                             arguments: [state.rawValue, repository]).map(Self.build)
        }
    }

    public func unposted(repository: String, since: Date) async throws -> [PullRequestBuild] {
        let states = PullRequestBuild.State.reported.map(\.rawValue)
        return try await database.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM pr_builds WHERE repository = ? AND status_posted IS NULL AND updated_at >= ?
                    AND state IN (\(states.map { _ in "?" }.joined(separator: ", "))) ORDER BY updated_at
                """, arguments: StatementArguments([repository, since] as [any DatabaseValueConvertible] + states)).map(Self.build)
        }
    }

    public func save(_ build: PullRequestBuild) async throws {
        try await database.pool.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO pr_builds (repository, number, check_name, head_sha, head_ref, base_ref, author, job_key,
                    state, status_posted, delivery_id, note, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [build.repository, build.number, build.check, build.headSHA, build.headRef, build.baseRef, build.author,
                                 build.jobKey, build.state.rawValue, build.statusPosted, build.deliveryID, build.note, build.updatedAt])
        }
    }

    static func build(_ row: Row) -> PullRequestBuild {
        PullRequestBuild(repository: row["repository"], number: row["number"], check: row["check_name"], headSHA: row["head_sha"],
                         headRef: row["head_ref"], baseRef: row["base_ref"], author: row["author"], jobKey: row["job_key"],
                         state: PullRequestBuild.State(rawValue: row["state"]) ?? .error, statusPosted: row["status_posted"],
                         deliveryID: row["delivery_id"], note: row["note"], updatedAt: row["updated_at"])
    }
}
