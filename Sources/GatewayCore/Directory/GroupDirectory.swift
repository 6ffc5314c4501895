public import Foundation

/// Where e-group membership comes from (static config, LDAP, CERN's authorization API).
public protocol GroupDirectory: Sendable {
    /// `static`, `ldap` or `cern-authz`, for `/v1/me`, readiness and audit.
    var kind: String { get }
    /// The login's groups; nil when the directory has no such user. Throws when the directory cannot answer.
    func groups(of login: String) async throws(DirectoryError) -> [String]?
}

/// Why the directory could not answer (never a reason to grant anything).
public struct DirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The backend kind.
    public let kind: String
    /// What went wrong and what to check.
    public let detail: String

    /// Creates an error.
    public init(kind: String, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "the \(kind) directory cannot be reached: \(detail)" }
}

/// A login's groups as the gateway knows them, with where and when they came from.
public struct Membership: Sendable, Equatable {
    /// The login.
    public let login: String
    /// Group names, lowercased (e-group names compare case-insensitively); empty for an unknown user.
    public let groups: [String]
    /// Whether the directory knows the user at all.
    public let known: Bool
    /// The backend kind.
    public let source: String
    /// When the backend answered.
    public let fetchedAt: Date
    /// True when the backend failed and this older answer is used within the stale window.
    public let stale: Bool
}

/// `directory.kind: static`: the config's `users:` map.
public struct StaticDirectory: GroupDirectory {
    private let users: [String: [String]]
    public var kind: String { "static" }

    /// Creates the directory from login → groups.
    public init(users: [String: [String]]) { self.users = users }

    public func groups(of login: String) async throws(DirectoryError) -> [String]? { users[login] }
}
