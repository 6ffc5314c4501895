/// An authenticated caller: the token it presented, its owner and the owner's current e-groups.
public struct Caller: Sendable {
    /// The presented token's public record.
    public let token: TokenRecord
    /// The owner's groups as the directory (or, for service accounts, the config) knows them now.
    public let membership: Membership
    /// The source address the request came from.
    public let sourceIP: String?
    /// Who set this call off when it is not the token's owner: `github:<login>` for a webhook launch made with the
    /// `act_as` service account's rights. It becomes the audit actor.
    public var onBehalfOf: String?

    /// Creates a caller.
    public init(token: TokenRecord, membership: Membership, sourceIP: String?) {
        self.token = token
        self.membership = membership
        self.sourceIP = sourceIP
    }

    /// The token owner's login or service account name.
    public var login: String { token.owner }

    /// The audit actor: the login, or `service:<name>` for service accounts.
    public var actor: String { onBehalfOf ?? (token.kind == .service ? "service:\(token.owner)" : token.owner) }

    /// Whether a token belongs to this caller's owner.
    public func owns(_ record: TokenRecord) -> Bool { record.owner == token.owner && record.kind == token.kind }
}
