public import Foundation
import Synchronization

/// Caches directory answers: known users for `ttl`, unknown users for `negativeTTL`; when the backend fails,
/// an answer up to `staleIfError` old is used (and marked stale); after that the request is denied.
public final class CachingDirectory: Sendable {
    private struct Backend {
        var directory: any GroupDirectory
        var ttl: TimeInterval
        var negativeTTL: TimeInterval
    }

    /// Lookups since start, by how they were answered (for `/metrics`).
    public struct Tallies: Sendable, Equatable {
        /// Answered from a fresh cache entry.
        public var hits = 0
        /// Asked the backend, which answered.
        public var misses = 0
        /// The backend failed and a stale entry answered.
        public var stale = 0
        /// The backend failed and nothing could answer.
        public var errors = 0
    }

    private let current: Mutex<Backend>
    private let staleIfError: TimeInterval
    private let now: @Sendable () -> Date
    private let entries = Mutex<[String: Membership]>([:])
    private let lastFailure = Mutex<(at: Date, error: DirectoryError)?>(nil)
    private let lastSuccess = Mutex<Date?>(nil)
    private let counts = Mutex(Tallies())
    private let retryAfterError: TimeInterval

    /// Wraps `backend`; `now` is injectable for tests.
    public init(backend: any GroupDirectory, ttl: Duration = .seconds(300), negativeTTL: Duration = .seconds(30),
                staleIfError: Duration = .seconds(3600), retryAfterError: Duration = .seconds(5),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.retryAfterError = Durations.seconds(retryAfterError)
        current = Mutex(Backend(directory: backend, ttl: Durations.seconds(ttl), negativeTTL: Durations.seconds(negativeTTL)))
        self.staleIfError = Durations.seconds(staleIfError)
        self.now = now
    }

    /// Swaps the backend and its cache lifetimes (SIGHUP) and forgets every cached answer.
    public func replace(backend: any GroupDirectory, ttl: Duration, negativeTTL: Duration) {
        current.withLock { $0 = Backend(directory: backend, ttl: Durations.seconds(ttl), negativeTTL: Durations.seconds(negativeTTL)) }
        lastFailure.withLock { $0 = nil }
        clear()
    }

    /// How lookups were answered since start.
    public var tallies: Tallies { counts.withLock { $0 } }

    /// Ready unless the backend has been failing for longer than the stale window (then nobody new can be looked up
    /// and cached answers are running out); asks the backend again when its last failure is older than the retry pause.
    public func health() async -> (ok: Bool, detail: String) {
        let time = now()
        let failed = lastFailure.withLock { $0 }
        let neverAsked = failed == nil && lastSuccess.withLock { $0 } == nil
        if neverAsked || failed.map({ time.timeIntervalSince($0.at) >= retryAfterError }) == true {
            _ = try? await membership(of: "aurora-gateway-readiness-probe")
        }
        guard let failure = lastFailure.withLock({ $0 }) else { return (true, "\(kind) directory answering") }
        let since = lastSuccess.withLock { $0 }
        if let since, time.timeIntervalSince(since) < staleIfError {
            return (true, "\(kind) directory failing (\(failure.error.description)); cached memberships serve until \(Int(staleIfError - time.timeIntervalSince(since))) s from now")
        }
        return (false, "\(kind) directory failing and past its stale window: \(failure.error.description)")
    }

    /// The backend kind.
    public var kind: String { current.withLock { $0.directory.kind } }

    /// The login's membership, from the cache while fresh; throws when neither backend nor stale window can answer.
    /// After a backend failure the backend is left alone for `retryAfterError` (stale answers or errors meanwhile),
    /// so an outage does not make every request wait for a timeout.
    public func membership(of login: String) async throws(DirectoryError) -> Membership {
        let time = now()
        let backend = current.withLock { $0 }
        let cached = entries.withLock { $0[login] }
        if let cached, time.timeIntervalSince(cached.fetchedAt) < (cached.known ? backend.ttl : backend.negativeTTL) {
            counts.withLock { $0.hits += 1 }
            return cached
        }
        if let failure = lastFailure.withLock({ $0 }), time.timeIntervalSince(failure.at) < retryAfterError {
            return try stale(cached, time: time, error: failure.error)
        }
        do {
            let groups = try await backend.directory.groups(of: login)
            let fresh = Membership(login: login, groups: (groups ?? []).map { $0.lowercased() }, known: groups != nil,
                                   source: backend.directory.kind, fetchedAt: time, stale: false)
            entries.withLock { $0[login] = fresh }
            lastFailure.withLock { $0 = nil }
            lastSuccess.withLock { $0 = time }
            counts.withLock { $0.misses += 1 }
            return fresh
        } catch {
            lastFailure.withLock { $0 = (time, error) }
            return try stale(cached, time: time, error: error)
        }
    }

    private func stale(_ cached: Membership?, time: Date, error: DirectoryError) throws(DirectoryError) -> Membership {
        guard let cached, time.timeIntervalSince(cached.fetchedAt) < staleIfError else {
            counts.withLock { $0.errors += 1 }
            throw error
        }
        counts.withLock { $0.stale += 1 }
        return Membership(login: cached.login, groups: cached.groups, known: cached.known, source: cached.source,
                          fetchedAt: cached.fetchedAt, stale: true)
    }

    /// Forgets everything (after a config reload).
    public func clear() { entries.withLock { $0.removeAll() } }
}
