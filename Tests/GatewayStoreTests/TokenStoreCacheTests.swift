import Foundation
import GatewayCore
import GatewayStore
import GRDB
import TestSupport
import Testing

@Suite("Token lookups are cached in memory until a token is revoked by any process")
struct TokenStoreCacheTests {
    func token(_ id: String) -> TokenRecord {
        TokenRecord(id: id, name: "laptop", owner: "alice", kind: .user, scopes: [], createdAt: Date(),
                    expiresAt: Date().addingTimeInterval(3600))
    }

    @Test("a cached lookup does not read the database again: a change made in SQL by hand shows only after the lifetime")
    func cachedUntilLifetime() async throws {
        let database = try GatewayDatabase(dataDir: RepoPaths.temporaryDirectory("agw-tokencache").path)
        // Two stores on one file: one whose entries outlive the test, one whose entries expire after 1 ms
        // (no timing assumption either way, however loaded the machine is).
        let lasting = SQLiteTokenStore(database: database, cacheLifetime: .seconds(3600))
        let brief = SQLiteTokenStore(database: database, cacheLifetime: .milliseconds(1))
        try await lasting.insert(token("tk_a"), digest: "d1")
        #expect(try await lasting.find(digest: "d1")?.name == "laptop")
        #expect(try await brief.find(digest: "d1")?.name == "laptop")
        try await database.pool.write { try $0.execute(sql: "UPDATE tokens SET name = 'renamed' WHERE id = 'tk_a'") }
        #expect(try await lasting.find(digest: "d1")?.name == "laptop")
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await brief.find(digest: "d1")?.name == "renamed")
    }

    @Test("a revocation through another store on the same file (another process, the CLI) is seen by the next lookup")
    func revocationElsewhereInvalidates() async throws {
        let dir = RepoPaths.temporaryDirectory("agw-tokencache").path
        let serving = SQLiteTokenStore(database: try GatewayDatabase(dataDir: dir), cacheLifetime: .seconds(3600))
        let cli = SQLiteTokenStore(database: try GatewayDatabase(dataDir: dir), cacheLifetime: .seconds(3600))
        try await serving.insert(token("tk_a"), digest: "d1")
        try await serving.insert(token("tk_b"), digest: "d2")
        #expect(try await serving.find(digest: "d1")?.revokedAt == nil)
        #expect(try await serving.find(digest: "d2")?.revokedAt == nil)
        // Two revocations back to back (within one file-time tick): each must be seen.
        _ = try await cli.revoke(id: "tk_a", by: "cli:root", at: Date())
        #expect(try await serving.find(digest: "d1")?.revokedAt != nil)
        #expect(try await serving.find(digest: "d2")?.revokedAt == nil)
        _ = try await cli.revoke(id: "tk_b", by: "cli:root", at: Date())
        #expect(try await serving.find(digest: "d2")?.revokedBy == "cli:root")
    }

    @Test("unknown digests are not cached: a token created after a failed lookup is found at once")
    func missesAreNotCached() async throws {
        let store = SQLiteTokenStore(database: try GatewayDatabase(dataDir: RepoPaths.temporaryDirectory("agw-tokencache").path))
        #expect(try await store.find(digest: "d9") == nil)
        try await store.insert(token("tk_new"), digest: "d9")
        #expect(try await store.find(digest: "d9")?.id == "tk_new")
    }
}
