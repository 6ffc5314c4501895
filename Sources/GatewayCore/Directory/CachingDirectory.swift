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
    private let lastFailure = Mutex<(at: Date, error: DirectoryError)?>(nil)
    private let retryAfterError: TimeInterval

    /// Wraps `backend`; `now` is injectable for tests.
    public init(backend: any GroupDirectory, ttl: Duration = .seconds(300), negativeTTL: Duration = .seconds(30),
                staleIfError: Duration = .seconds(3600), retryAfterError: Duration = .seconds(5),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.retryAfterError = Durations.seconds(retryAfterError)
        self.backend = backend
        self.ttl = Durations.seconds(ttl)
        self.negativeTTL = Durations.seconds(negativeTTL)
        self.staleIfError = Durations.seconds(staleIfError)
        self.now = now
    }

    /// The backend kind.
    public var kind: String { backend.kind }

    /// The login's membership, from the cache while fresh; throws when neither backend nor stale window can answer.
    /// After a backend failure the backend is left alone for `retryAfterError` (stale answers or errors meanwhile),
    /// so an outage does not make every request wait for a timeout.
    public func membership(of login: String) async throws(DirectoryError) -> Membership {
        let time = now()
        let cached = entries.withLock { $0[login] }
        if let cached, time.timeIntervalSince(cached.fetchedAt) < (cached.known ? ttl : negativeTTL) {
            return cached
        }
        if let failure = lastFailure.withLock({ $0 }), time.timeIntervalSince(failure.at) < retryAfterError {
            return try stale(cached, time: time, error: failure.error)
        }
        do {
            let groups = try await backend.groups(of: login)
            let fresh = Membership(login: login, groups: (groups ?? []).map { $0.lowercased() }, known: groups != nil,
                                   source: backend.kind, fetchedAt: time, stale: false)
            entries.withLock { $0[login] = fresh }
            lastFailure.withLock { $0 = nil }
            return fresh
        } catch {
            lastFailure.withLock { $0 = (time, error) }
            return try stale(cached, time: time, error: error)
        }
    }

    private func stale(_ cached: Membership?, time: Date, error: DirectoryError) throws(DirectoryError) -> Membership {
        guard let cached, time.timeIntervalSince(cached.fetchedAt) < staleIfError else { throw error }
        return Membership(login: cached.login, groups: cached.groups, known: cached.known, source: cached.source,
                          fetchedAt: cached.fetchedAt, stale: true)
    }

    /// Forgets everything (after a config reload).
    public func clear() { entries.withLock { $0.removeAll() } }
}
