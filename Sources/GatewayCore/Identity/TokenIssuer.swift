public import Foundation

/// Creates tokens: the secret (shown once), its digest, and the record with a mandatory expiry.
public struct TokenIssuer: Sendable {
    /// Days a token lives when the request does not say.
    public static let defaultDays = 90
    /// The longest a token may live.
    public static let maxDays = 366

    private let store: any TokenStore
    private let hasher: TokenHasher

    /// Creates an issuer over a store and the pepper's hasher.
    public init(store: any TokenStore, hasher: TokenHasher) {
        self.store = store
        self.hasher = hasher
    }

    /// Stores a new token and returns its record with the secret, which is not kept anywhere.
    public func issue(owner: String, kind: TokenKind, name: String?, scopes: [TokenScope], expiresInDays: Int?,
                      now: Date = Date()) async throws -> (record: TokenRecord, secret: TokenSecret) {
        let days = expiresInDays ?? Self.defaultDays
        guard (1...Self.maxDays).contains(days) else {
            throw ConfigError(key: "expires_in_days", "\(days) is outside 1…\(Self.maxDays): tokens must expire within a year")
        }
        let secret = TokenSecret.generate(kind: kind)
        let record = TokenRecord(id: TokenRecord.newID(), name: name ?? "\(owner)-\(kind.rawValue)", owner: owner, kind: kind,
                                 scopes: scopes.isEmpty ? [.all] : scopes, createdAt: now,
                                 expiresAt: now.addingTimeInterval(TimeInterval(days) * 86_400))
        try await store.insert(record, digest: hasher.digest(secret))
        return (record, secret)
    }
}
