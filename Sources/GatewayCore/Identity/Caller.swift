/// An authenticated caller: the token it presented, its owner and the owner's current e-groups.
public struct Caller: Sendable {
    /// The presented token's public record.
    public let token: TokenRecord
    /// The owner's groups as the directory (or, for service accounts, the config) knows them now.
    public let membership: Membership
    /// The source address the request came from.
    public let sourceIP: String?

    /// Creates a caller.
    public init(token: TokenRecord, membership: Membership, sourceIP: String?) {
        self.token = token
        self.membership = membership
        self.sourceIP = sourceIP
    }

    /// The token owner's login or service account name.
    public var login: String { token.owner }

    /// The audit actor: the login, or `service:<name>` for service accounts.
    public var actor: String { token.kind == .service ? "service:\(token.owner)" : token.owner }

    /// Whether a token belongs to this caller's owner.
    public func owns(_ record: TokenRecord) -> Bool { record.owner == token.owner && record.kind == token.kind }
}
