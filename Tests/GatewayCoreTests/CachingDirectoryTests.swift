import Foundation
import GatewayCore
import Synchronization
import Testing

/// A directory whose answers and failures the test controls.
final class ScriptedDirectory: GroupDirectory {
    let users = Mutex<[String: [String]]>([:])
    let down = Mutex(false)
    let calls = Mutex(0)
    var kind: String { "scripted" }

    func groups(of login: String) async throws(DirectoryError) -> [String]? {
        calls.withLock { $0 += 1 }
        if down.withLock({ $0 }) { throw DirectoryError(kind: kind, detail: "connection refused") }
        return users.withLock { $0[login] }
    }
}

/// A clock the test moves.
final class TestClock: Sendable {
    let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var now: @Sendable () -> Date { { self.time.withLock { $0 } } }
}

@Suite("Directory cache: positive, negative, stale-if-error, then deny")
struct CachingDirectoryTests {
    @Test("a known user is cached for the TTL, then re-read (a removed group disappears)")
    func positiveTTL() async throws {
        let backend = ScriptedDirectory(), clock = TestClock()
        backend.users.withLock { $0["alice"] = ["Alice-Aurora-Users", "alice-aurora-mesostest"] }
        let cache = CachingDirectory(backend: backend, ttl: .seconds(300), now: clock.now)
        #expect(try await cache.membership(of: "alice").groups == ["alice-aurora-users", "alice-aurora-mesostest"])
        backend.users.withLock { $0["alice"] = ["alice-aurora-users"] }
        clock.advance(299)
        #expect(try await cache.membership(of: "alice").groups.count == 2)
        clock.advance(2)
        #expect(try await cache.membership(of: "alice").groups == ["alice-aurora-users"])
        #expect(backend.calls.withLock { $0 } == 2)
    }

    @Test("an unknown user is cached for the negative TTL only")
    func negativeTTL() async throws {
        let backend = ScriptedDirectory(), clock = TestClock()
        let cache = CachingDirectory(backend: backend, negativeTTL: .seconds(30), now: clock.now)
        #expect(try await cache.membership(of: "bob").known == false)
        backend.users.withLock { $0["bob"] = ["g"] }
        clock.advance(29)
        #expect(try await cache.membership(of: "bob").known == false)
        clock.advance(2)
        #expect(try await cache.membership(of: "bob").groups == ["g"])
    }

    @Test("when the backend fails, a recent answer is used and marked stale; after the window, an error (deny)")
    func staleIfError() async throws {
        let backend = ScriptedDirectory(), clock = TestClock()
        backend.users.withLock { $0["alice"] = ["g"] }
        let cache = CachingDirectory(backend: backend, ttl: .seconds(300), staleIfError: .seconds(3600), now: clock.now)
        _ = try await cache.membership(of: "alice")
        backend.down.withLock { $0 = true }
        clock.advance(600)
        let stale = try await cache.membership(of: "alice")
        #expect(stale.stale)
        #expect(stale.groups == ["g"])
        clock.advance(3000)
        await #expect(throws: DirectoryError.self) { try await cache.membership(of: "alice") }
        await #expect(throws: DirectoryError.self) { try await cache.membership(of: "never-seen") }
    }

    @Test("after a failure the backend is left alone for a few seconds, then asked again once it is back")
    func backoffAfterFailure() async throws {
        let backend = ScriptedDirectory(), clock = TestClock()
        backend.users.withLock { $0["alice"] = ["g"] }
        let cache = CachingDirectory(backend: backend, ttl: .seconds(60), retryAfterError: .seconds(5), now: clock.now)
        _ = try await cache.membership(of: "alice")
        backend.down.withLock { $0 = true }
        clock.advance(61)
        #expect(try await cache.membership(of: "alice").stale)
        let callsAfterFailure = backend.calls.withLock { $0 }
        for _ in 0..<10 { #expect(try await cache.membership(of: "alice").stale) }
        await #expect(throws: DirectoryError.self) { try await cache.membership(of: "bob") }
        #expect(backend.calls.withLock { $0 } == callsAfterFailure)
        backend.down.withLock { $0 = false }
        clock.advance(6)
        let fresh = try await cache.membership(of: "alice")
        #expect(!fresh.stale)
        #expect(backend.calls.withLock { $0 } == callsAfterFailure + 1)
    }
}
