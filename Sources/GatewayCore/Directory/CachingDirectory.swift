public import Foundation
import Synchronization

/// Caches directory answers: known users for `ttl`, unknown users for `negativeTTL`; when the backend fails,
/// an answer up to `staleIfError` old is used (and marked stale); after that the request is denied.
public final class CachingDirectory: Sendable {
    private let backend: any GroupDirectory
    private let ttl: TimeInterval
    private let negativeTTL: TimeInterval
    private let staleIfError: TimeInterval
    private let now: @Sendable () -> Date
    private let entries = Mutex<[String: Membership]>([:])

    /// Wraps `backend`; `now` is injectable for tests.
    public init(backend: any GroupDirectory, ttl: Duration = .seconds(300), negativeTTL: Duration = .seconds(30),
                staleIfError: Duration = .seconds(3600), now: @escaping @Sendable () -> Date = { Date() }) {
        self.backend = backend
        self.ttl = Durations.seconds(ttl)
        self.negativeTTL = Durations.seconds(negativeTTL)
        self.staleIfError = Durations.seconds(staleIfError)
        self.now = now
    }

    /// The backend kind.
    public var kind: String { backend.kind }

    /// The login's membership, from the cache while fresh; throws when neither backend nor stale window can answer.
    public func membership(of login: String) async throws(DirectoryError) -> Membership {
        let time = now()
        if let cached = entries.withLock({ $0[login] }),
           time.timeIntervalSince(cached.fetchedAt) < (cached.known ? ttl : negativeTTL) {
            return cached
        }
        do {
            let groups = try await backend.groups(of: login)
            let fresh = Membership(login: login, groups: (groups ?? []).map { $0.lowercased() }, known: groups != nil,
                                   source: backend.kind, fetchedAt: time, stale: false)
            entries.withLock { $0[login] = fresh }
            return fresh
        } catch {
            if let cached = entries.withLock({ $0[login] }), cached.known,
               time.timeIntervalSince(cached.fetchedAt) < staleIfError {
                return Membership(login: login, groups: cached.groups, known: true, source: cached.source,
                                  fetchedAt: cached.fetchedAt, stale: true)
            }
            throw error
        }
    }

    /// Forgets everything (after a config reload).
    public func clear() { entries.withLock { $0.removeAll() } }
}
