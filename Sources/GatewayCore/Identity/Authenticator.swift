public import Foundation
import Synchronization

/// Turns an `Authorization` header into a `Caller`: format and checksum first (no lookup for garbage),
/// then the peppered digest, expiry and revocation, then the owner's current groups.
public final class Authenticator: Sendable {
    private let store: any TokenStore
    private let hasher: TokenHasher
    private let directory: CachingDirectory
    private let rules: AccessRules
    private let lastUseWrites = Mutex<[String: Date]>([:])
    private let usageInterval: TimeInterval = 60

    /// Creates an authenticator over the token store, the pepper, the directory and the config's service accounts.
    public convenience init(store: any TokenStore, hasher: TokenHasher, directory: CachingDirectory, serviceAccounts: [ServiceAccount]) {
        self.init(store: store, hasher: hasher, directory: directory,
                  rules: AccessRules(.init(policy: PolicyEvaluator(rules: [], adminGroups: []), serviceAccounts: serviceAccounts)))
    }

    /// Creates an authenticator that reads service accounts from reloadable rules.
    public init(store: any TokenStore, hasher: TokenHasher, directory: CachingDirectory, rules: AccessRules) {
        self.store = store
        self.hasher = hasher
        self.directory = directory
        self.rules = rules
    }

    /// Authenticates the header value; records the use at most once a minute per token.
    public func authenticate(authorization: String?, sourceIP: String?, now: Date = Date()) async throws(AuthenticationFailure) -> Caller {
        guard let authorization, !authorization.isEmpty else { throw .missing }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .notBearer }
        let secret: TokenSecret
        // Trailing blanks only (Foundation's trimming is slow on Linux and this runs on every request).
        var presented = parts[1]
        while presented.last == " " || presented.last == "\t" { presented.removeLast() }
        do { secret = try TokenSecret(parsing: String(presented)) } catch { throw .malformed(error) }
        let found: TokenRecord?
        do { found = try await store.find(digest: hasher.digest(secret)) } catch {
            throw .storeUnavailable(String(describing: type(of: error)))
        }
        guard let record = found, record.kind == secret.kind else { throw .unknown }
        if let revoked = record.revokedAt { throw .revoked(id: record.id, at: revoked) }
        guard record.expiresAt > now else { throw .expired(id: record.id, at: record.expiresAt) }
        let membership = try await self.membership(of: record, now: now)
        await recordUse(record.id, sourceIP: sourceIP, now: now)
        return Caller(token: record, membership: membership, sourceIP: sourceIP)
    }

    /// The owner's current groups: the directory for people, the config for service accounts.
    public func membership(of record: TokenRecord, now: Date = Date()) async throws(AuthenticationFailure) -> Membership {
        if record.kind == .service {
            let groups = rules.current.serviceAccounts[record.owner]
            return Membership(login: record.owner, groups: (groups ?? []).map { $0.lowercased() }, known: groups != nil,
                              source: "config", fetchedAt: now, stale: false)
        }
        do { return try await directory.membership(of: record.owner) } catch { throw .directoryUnavailable(error) }
    }

    private func recordUse(_ id: String, sourceIP: String?, now: Date) async {
        let due = lastUseWrites.withLock { writes -> Bool in
            if let last = writes[id], now.timeIntervalSince(last) < usageInterval { return false }
            writes[id] = now
            return true
        }
        guard due else { return }
        try? await store.recordUse(id: id, at: now, ip: sourceIP)
    }
}
