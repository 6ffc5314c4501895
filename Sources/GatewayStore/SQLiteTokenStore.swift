public import Foundation
public import GatewayCore
import GRDB

/// `TokenStore` in the gateway's SQLite file: one row per token, keyed by id, looked up by digest. Lookups are
/// cached in memory until any process revokes a token (see `TokenLookupCache`).
public struct SQLiteTokenStore: TokenStore {
    private let database: GatewayDatabase
    private let cache: TokenLookupCache

    /// Uses the gateway database (migrations create the table). A cached lookup lives at most `cacheLifetime`,
    /// which bounds how long a change made outside `revoke` (by hand in SQL) goes unseen.
    public init(database: GatewayDatabase, cacheLifetime: Duration = .seconds(30)) {
        self.database = database
        self.cache = TokenLookupCache(markerPath: database.path + "-revocations", lifetime: cacheLifetime)
    }

    public func insert(_ record: TokenRecord, digest: String) async throws {
        let scopes = String(decoding: try JSONEncoder().encode(record.scopes), as: UTF8.self)
        try await database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO tokens (id, digest, name, owner, kind, scopes, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.id, digest, record.name, record.owner, record.kind.rawValue, scopes,
                                 record.createdAt, record.expiresAt])
        }
    }

    public func find(digest: String) async throws -> TokenRecord? {
        let (cached, stamp) = cache.lookup(digest)
        if let cached { return cached }
        let row = try await database.pool.read { db in
            // A cached statement: this lookup runs on every cache miss.
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM tokens WHERE digest = ?"), arguments: [digest]).map(Self.record)
        }
        if let row { cache.store(row, digest: digest, readAfter: stamp) }
        return row
    }

    public func get(id: String) async throws -> TokenRecord? {
        let row = try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE id = ?", arguments: [id]).map(Self.record)
        }
        return row
    }

    public func list(owner: String?) async throws -> [TokenRecord] {
        let rows = try await database.pool.read { db in
            if let owner {
                return try Row.fetchAll(db, sql: "SELECT * FROM tokens WHERE owner = ? ORDER BY created_at DESC, id", arguments: [owner]).map(Self.record)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM tokens ORDER BY created_at DESC, id").map(Self.record)
        }
        return rows
    }

    public func revoke(id: String, by: String, at: Date) async throws -> TokenRecord? {
        try await database.pool.write { db in
            try db.execute(sql: "UPDATE tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
                           arguments: [at, by, id])
        }
        // After the commit: a lookup that read the row before it cannot be cached past this point.
        try cache.invalidate()
        return try await get(id: id)
    }

    public func recordUse(id: String, at: Date, ip: String?) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "UPDATE tokens SET last_used_at = ?, last_used_ip = ? WHERE id = ?", arguments: [at, ip, id])
        }
    }

    static func record(_ row: Row) -> TokenRecord {
        let scopes = (try? JSONDecoder().decode([TokenScope].self, from: Data((row["scopes"] as String).utf8))) ?? []
        return TokenRecord(id: row["id"], name: row["name"], owner: row["owner"],
                           kind: TokenKind(rawValue: row["kind"]) ?? .user, scopes: scopes,
                           createdAt: row["created_at"], expiresAt: row["expires_at"], lastUsedAt: row["last_used_at"],
                           lastUsedIP: row["last_used_ip"], revokedAt: row["revoked_at"], revokedBy: row["revoked_by"])
    }
}
