import CGSSAPI
import Dispatch
import Foundation
import Synchronization

/// The gateway's Kerberos identity: credentials from a keytab in a private `MEMORY:` cache,
/// re-acquired `renewBefore` the end time (on a timer and on demand), and SPNEGO tokens for
/// explicitly named service principals.
public final class KeytabCredential: Sendable {
    /// The settings this credential was built from.
    public let settings: KerberosSettings
    /// The principal's realm, also the default realm of scheduler service principals.
    public let realm: String
    private let principal: String
    private let state = Mutex(State())
    private let acquiring = NSLock()
    private let names = Mutex<[String: GSSName]>([:])
    /// Process-wide, so two credentials never share (and destroy) one MEMORY cache.
    private static let generation = Atomic<Int>(0)
    private static let queue = DispatchQueue(label: "aurora-gateway.kerberos", attributes: .concurrent)

    private struct State: Sendable {
        var handle: CredentialHandle?
        var acquiredAt: Date?
        var expiresAt: Date?
        var refreshAt: Date?
        var lastError: KerberosError?
        var nextAttemptAt: Date = .distantPast
        var failures = 0
    }

    /// Validates the principal name; nothing is acquired until `acquire` or the first token.
    public init(settings: KerberosSettings) throws(KerberosError) {
        let parsed = try Principal(parsing: settings.principal)
        guard let realm = parsed.realm ?? Principal.defaultRealm() else {
            throw .invalidPrincipal(name: settings.principal, detail: "no realm given and no default_realm in the Kerberos configuration")
        }
        self.settings = settings
        self.realm = realm
        self.principal = "\(parsed.name)@\(realm)"
    }

    /// The current ticket state.
    public var status: TicketStatus {
        let s = state.withLock { $0 }
        return TicketStatus(principal: principal, acquiredAt: s.acquiredAt, expiresAt: s.expiresAt,
                            refreshAt: s.refreshAt, lastError: s.lastError)
    }

    /// Acquires a fresh ticket now, off the cooperative thread pool.
    @discardableResult
    public func acquire() async throws(KerberosError) -> TicketStatus {
        let result: Result<TicketStatus, KerberosError> = await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Result { () throws(KerberosError) in try self.acquireBlocking() }) }
        }
        return try result.get()
    }

    /// Acquires a fresh ticket now (blocking: it talks to the KDC).
    @discardableResult
    public func acquireBlocking() throws(KerberosError) -> TicketStatus {
        try acquire(unlessAcquiredAfter: nil)
    }

    /// Acquires, unless another thread already did so after `since` while this one waited for the lock.
    @discardableResult
    private func acquire(unlessAcquiredAfter since: Date?) throws(KerberosError) -> TicketStatus {
        acquiring.lock()
        defer { acquiring.unlock() }
        if let since, let acquired = state.withLock({ $0.acquiredAt }), acquired > since { return status }
        let started = Date()
        do {
            let found = try Keytab.principals(in: settings.keytab)
            guard found.contains(principal) else {
                throw KerberosError.principalNotInKeytab(principal: principal, keytab: settings.keytab, found: found)
            }
            let cache = "MEMORY:aurora-gateway-\(getpid())-\(Self.generation.add(1, ordering: .relaxed).newValue)"
            let (handle, lifetime) = try CredentialAcquisition.acquire(
                principal: principal, keytab: settings.keytab, realm: realm, cacheName: cache)
            let expires = started.addingTimeInterval(TimeInterval(lifetime))
            let refresh = Self.refreshTime(acquired: started, expires: expires, renewBefore: settings.renewBefore)
            state.withLock {
                $0 = State(handle: handle, acquiredAt: started, expiresAt: expires, refreshAt: refresh)
            }
        } catch let error as KerberosError {
            state.withLock {
                $0.lastError = error
                $0.failures += 1
                $0.nextAttemptAt = Date().addingTimeInterval(Self.retryDelay(failures: $0.failures))
            }
            throw error
        } catch {
            preconditionFailure("only KerberosError is thrown here")
        }
        return status
    }

    /// Makes the next token re-acquire first (after the scheduler rejected a token, say).
    /// Rate-limited: a ticket younger than 30 seconds is kept, so a scheduler that rejects every token
    /// does not turn each request into a KDC exchange.
    public func invalidate() {
        state.withLock {
            guard let acquired = $0.acquiredAt, Date().timeIntervalSince(acquired) >= 30 else { return }
            $0.refreshAt = .distantPast
            $0.nextAttemptAt = .distantPast
        }
    }

    /// `Negotiate <base64>` for the service principal, e.g. `HTTP/aurora.example.org@EXAMPLE.ORG`.
    /// Blocking (the first token for a service asks the KDC): call it off the cooperative pool.
    public func negotiateHeader(for servicePrincipal: String) throws(KerberosError) -> String {
        let target = try name(for: servicePrincipal)
        let handle = try usableHandle()
        do {
            return "Negotiate " + Data(try SPNEGOInitiator.token(cred: handle, target: target, targetText: servicePrincipal, principal: principal, realm: realm)).base64EncodedString()
        } catch .ticketExpired {
            invalidate()
            let fresh = try usableHandle()
            return "Negotiate " + Data(try SPNEGOInitiator.token(cred: fresh, target: target, targetText: servicePrincipal, principal: principal, realm: realm)).base64EncodedString()
        }
    }

    /// The service principal the gateway uses for a scheduler host when none is configured.
    public func defaultServicePrincipal(host: String) -> String {
        "HTTP/\(host)@\(realm)"
    }

    /// Re-acquires before expiry until the task is cancelled; failures are retried with backoff.
    public func refreshLoop() async {
        while !Task.isCancelled {
            let (due, retryAt) = state.withLock { ($0.refreshAt ?? .distantPast, $0.nextAttemptAt) }
            let wake = max(due, retryAt)
            let delay = max(0, wake.timeIntervalSinceNow)
            if delay > 0 {
                do { try await Task.sleep(for: .milliseconds(Int64(min(delay, 3600) * 1000))) } catch { return }
                continue
            }
            _ = try? await acquire()
        }
    }

    private func usableHandle() throws(KerberosError) -> CredentialHandle {
        let now = Date()
        let snapshot = state.withLock { $0 }
        if let handle = snapshot.handle, let refresh = snapshot.refreshAt, now < refresh { return handle }
        let stillValid = snapshot.handle != nil && (snapshot.expiresAt.map { $0.timeIntervalSince(now) > 5 } ?? false)
        if now < snapshot.nextAttemptAt {
            // A recent attempt failed: do not queue every request behind another KDC timeout.
            if stillValid { return snapshot.handle! }
            throw snapshot.lastError ?? .ticketExpired(principal: principal, detail: "re-acquisition is backing off")
        }
        do {
            try acquire(unlessAcquiredAfter: now)
        } catch {
            if stillValid { return snapshot.handle! }
            if snapshot.handle != nil {
                throw .ticketExpired(principal: principal, detail: error.description)
            }
            throw error
        }
        guard let handle = state.withLock({ $0.handle }) else {
            throw .ticketExpired(principal: principal, detail: "no credential after acquisition")
        }
        return handle
    }

    private func name(for servicePrincipal: String) throws(KerberosError) -> GSSName {
        if let cached = names.withLock({ $0[servicePrincipal] }) { return cached }
        let imported = try GSSName(principal: servicePrincipal)
        names.withLock { $0[servicePrincipal] = imported }
        return imported
    }

    /// `renewBefore` the end, but never earlier than half the lifetime (so short tickets do not spin).
    static func refreshTime(acquired: Date, expires: Date, renewBefore: Duration) -> Date {
        let renew = Double(renewBefore.components.seconds) + Double(renewBefore.components.attoseconds) / 1e18
        let halfLife = acquired.addingTimeInterval(expires.timeIntervalSince(acquired) / 2)
        return max(expires.addingTimeInterval(-renew), halfLife)
    }

    static func retryDelay(failures: Int) -> TimeInterval {
        min(30, pow(2, Double(min(failures, 6) - 1)))
    }
}
