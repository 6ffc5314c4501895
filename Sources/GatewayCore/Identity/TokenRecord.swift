public import Foundation

/// One scope of a token: operation-id globs × `cluster/role/env/job` globs. A token's rights are its
/// scopes intersected with its owner's current rights.
public struct TokenScope: Sendable, Codable, Equatable {
    /// Operation-id globs (`job.*`) or `read`.
    public var actions: [String]
    /// Target globs (`build/mesostest/*/*`).
    public var on: [String]

    /// Creates a scope.
    public init(actions: [String], on: [String] = ["*/*/*/*"]) {
        self.actions = actions
        self.on = on
    }

    /// Everything the owner may do.
    public static let all = TokenScope(actions: ["*"], on: ["*/*/*/*"])

    /// Parses the CLI form `ACTION[,ACTION…][@TARGET[,TARGET…]]`, e.g. `job.*,update.*@build/mesostest/*/*`.
    public init(parsing text: String) throws(ConfigError) {
        let halves = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let actions = halves[0].split(separator: ",").map(String.init)
        let targets = halves.count == 2 ? halves[1].split(separator: ",").map(String.init) : ["*/*/*/*"]
        guard !actions.isEmpty, !targets.isEmpty,
              targets.allSatisfy({ $0.split(separator: "/", omittingEmptySubsequences: false).count == 4 }) else {
            throw ConfigError(key: "--scope", "\"\(text)\" is not ACTIONS@TARGETS, e.g. job.*,update.*@build/mesostest/*/*")
        }
        for action in actions {
            if let problem = ActionPattern.problem(with: action) { throw ConfigError(key: "--scope", problem) }
        }
        self.init(actions: actions, on: targets)
    }
}

/// A token's public fields (never its secret; the database keeps only a peppered digest).
public struct TokenRecord: Sendable, Equatable {
    /// The public id (`tk_…`), safe to log and show.
    public var id: String
    /// A name for people.
    public var name: String
    /// The owner: a login or a service account name.
    public var owner: String
    /// User or service account.
    public var kind: TokenKind
    /// What the token may be used for (within the owner's rights).
    public var scopes: [TokenScope]
    /// When it was created.
    public var createdAt: Date
    /// When it stops working (mandatory).
    public var expiresAt: Date
    /// When it was last used (written at most once a minute).
    public var lastUsedAt: Date?
    /// The source address of that use.
    public var lastUsedIP: String?
    /// When it was revoked.
    public var revokedAt: Date?
    /// Who revoked it.
    public var revokedBy: String?

    /// Creates a record.
    public init(id: String, name: String, owner: String, kind: TokenKind, scopes: [TokenScope], createdAt: Date,
                expiresAt: Date, lastUsedAt: Date? = nil, lastUsedIP: String? = nil, revokedAt: Date? = nil, revokedBy: String? = nil) {
        self.id = id
        self.name = name
        self.owner = owner
        self.kind = kind
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.lastUsedIP = lastUsedIP
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }

    /// A new public id.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "tk_" + String(decoding: (0..<12).map { _ in Base62.alphabet[Int(generator.next(upperBound: UInt64(62)))] }, as: UTF8.self)
    }
}

/// Stores tokens by digest. Implemented over SQLite in `GatewayStore`.
public protocol TokenStore: Sendable {
    /// Saves a new token with its secret's digest.
    func insert(_ record: TokenRecord, digest: String) async throws
    /// The token whose secret has this digest.
    func find(digest: String) async throws -> TokenRecord?
    /// A token by public id.
    func get(id: String) async throws -> TokenRecord?
    /// All tokens, or one owner's, newest first.
    func list(owner: String?) async throws -> [TokenRecord]
    /// Marks a token revoked; returns it, or nil when there is no such id.
    func revoke(id: String, by: String, at: Date) async throws -> TokenRecord?
    /// Records a use (the caller throttles to once a minute).
    func recordUse(id: String, at: Date, ip: String?) async throws
}
