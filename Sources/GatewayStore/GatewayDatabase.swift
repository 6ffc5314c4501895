import Foundation
public import GRDB

/// The gateway's SQLite file (`<data_dir>/gateway.sqlite`) in WAL mode with `synchronous=FULL`.
public final class GatewayDatabase: Sendable {
    /// The pool (one writer, concurrent readers).
    public let pool: DatabasePool
    /// The file's path.
    public let path: String

    /// Opens (creating when needed) the database in `dataDir` and runs the migrations.
    public init(dataDir: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .dataDirUnusable(path: dataDir, detail: error.localizedDescription)
        }
        path = (dataDir as NSString).appendingPathComponent("gateway.sqlite")
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets synchronous=NORMAL when it opens a WAL pool; the audit log needs FULL.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.migrator.migrate(pool)
        } catch {
            throw .cannotOpen(path: path, detail: "\(error)")
        }
        // Tokens' digests and the audit log: readable by the gateway's user only.
        for suffix in ["", "-wal", "-shm"] { chmod(path + suffix, 0o600) }
    }

    /// How many tokens exist (0 on a fresh database), read synchronously at start-up.
    public func tokenCount() throws(StoreError) -> Int {
        do {
            return try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM tokens") ?? 0 }
        } catch {
            throw .cannotOpen(path: path, detail: "\(error)")
        }
    }

    /// Proves the file can be written now (a tiny transaction that is committed).
    public func checkWritable() async throws(StoreError) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO gateway_meta(key, value) VALUES ('last_write_check', ?)",
                               arguments: [stamp])
            }
        } catch {
            throw .notWritable(path: path, detail: "\(error)")
        }
    }

    /// The journal mode and synchronous level actually in force.
    public func durability() throws(StoreError) -> (journal: String, synchronous: Int) {
        do {
            return try pool.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
            }
        } catch {
            throw .cannotOpen(path: path, detail: "\(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1_meta") { db in
            try db.create(table: "gateway_meta") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v2_tokens") { db in
            try db.create(table: "tokens") { table in
                table.primaryKey("id", .text)
                table.column("digest", .text).notNull().unique()
                table.column("name", .text).notNull()
                table.column("owner", .text).notNull().indexed()
                table.column("kind", .text).notNull()
                table.column("scopes", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("expires_at", .datetime).notNull()
                table.column("last_used_at", .datetime)
                table.column("last_used_ip", .text)
                table.column("revoked_at", .datetime)
                table.column("revoked_by", .text)
            }
        }
        migrator.registerMigration("v3_audit", migrate: AuditSchema.create)
        migrator.registerMigration("v4_idempotency") { db in
            try db.execute(sql: """
                CREATE TABLE idempotency (
                    actor TEXT NOT NULL, operation TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL,
                    request_id TEXT NOT NULL, status INTEGER, body BLOB, created_at DATETIME NOT NULL,
                    PRIMARY KEY (actor, operation, key));
                CREATE INDEX idempotency_created ON idempotency(created_at);
                """)
        }
        migrator.registerMigration("v5_webhooks", migrate: SQLiteWebhookStore.createTables)
        return migrator
    }
}

/// Why the database cannot be used, naming the file and the fix.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// `data_dir` cannot be created or used.
    case dataDirUnusable(path: String, detail: String)
    /// The SQLite file cannot be opened or migrated.
    case cannotOpen(path: String, detail: String)
    /// A write failed (read-only file system, disk full, permissions).
    case notWritable(path: String, detail: String)
    /// The revocation marker beside the database cannot be written: other processes may keep a revoked token cached.
    case tokenMarker(path: String, detail: String)

    public var description: String {
        switch self {
        case .dataDirUnusable(let path, let detail):
            return "data_dir \(path) cannot be used (\(detail)): create it and give the gateway's user write permission"
        case .cannotOpen(let path, let detail):
            return "database \(path) cannot be opened (\(detail)): check the file's permissions and free disk space"
        case .notWritable(let path, let detail):
            return "database \(path) cannot be written (\(detail)): check free disk space and that the file system is not read-only"
        case .tokenMarker(let path, let detail):
            return "the token is revoked in the database, but the revocation marker \(path) cannot be written (\(detail)): "
                + "a running gateway may accept the token for up to 30 more seconds; fix the file's permissions or free disk space"
        }
    }
}
