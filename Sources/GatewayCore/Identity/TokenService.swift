public import Foundation

/// What `tokens.create` asks for.
public struct TokenRequest: Sendable, Equatable {
    /// A name for people; default `<owner>-<kind>`.
    public var name: String?
    /// A login or service account; default the caller.
    public var owner: String?
    /// Scopes; nil or empty means "everything the owner may do", bounded by the calling token's scopes.
    public var scopes: [TokenScope]?
    /// Days to expiry; default 90, at most 366.
    public var expiresInDays: Int?

    /// Creates a request.
    public init(name: String? = nil, owner: String? = nil, scopes: [TokenScope]? = nil, expiresInDays: Int? = nil) {
        self.name = name
        self.owner = owner
        self.scopes = scopes
        self.expiresInDays = expiresInDays
    }
}

/// The token operations behind REST and JSON-RPC: who may create, see and revoke which tokens.
/// Users manage their own tokens within their rights; admins manage everyone's and the service accounts'.
public struct TokenService: Sendable {
    private let store: any TokenStore
    private let issuer: TokenIssuer
    private let authenticator: Authenticator
    private let authorizer: Authorizer

    /// Creates the service.
    public init(store: any TokenStore, hasher: TokenHasher, authenticator: Authenticator, authorizer: Authorizer,
                serviceAccounts: [ServiceAccount]) {
        self.init(store: store, hasher: hasher, authenticator: authenticator,
                  authorizer: Authorizer(rules: AccessRules(.init(policy: authorizer.policy, serviceAccounts: serviceAccounts))))
    }

    /// Creates the service over the authorizer's reloadable rules.
    public init(store: any TokenStore, hasher: TokenHasher, authenticator: Authenticator, authorizer: Authorizer) {
        self.store = store
        self.issuer = TokenIssuer(store: store, hasher: hasher)
        self.authenticator = authenticator
        self.authorizer = authorizer
    }

    /// Creates a token; the secret is returned here and nowhere else.
    public func create(by caller: Caller, _ request: TokenRequest, now: Date = Date()) async throws(GatewayProblem) -> (TokenRecord, TokenSecret) {
        let owner = request.owner ?? caller.login
        let kind: TokenKind = request.owner == nil ? caller.token.kind : (authorizer.rules.current.serviceAccounts[owner] != nil ? .service : .user)
        let forSelf = owner == caller.login && kind == caller.token.kind
        if !forSelf && !authorizer.isAdmin(caller) {
            throw .forbidden("\(caller.actor) may create tokens only for themselves; tokens for \(owner) need a member of admin_groups")
        }
        if let days = request.expiresInDays, !(1...TokenIssuer.maxDays).contains(days) {
            throw .badRequest("expires_in_days is \(days): tokens must expire within 1…\(TokenIssuer.maxDays) days")
        }
        if let name = request.name, name.isEmpty || name.count > 200 {
            throw .badRequest("name must be 1…200 characters")
        }
        let explicit = request.scopes ?? []
        for (index, scope) in explicit.enumerated() { try Self.validate(scope, index: index) }
        let scopes = explicit.isEmpty ? caller.token.scopes : explicit
        let ownerRecord = TokenRecord(id: "-", name: "-", owner: owner, kind: kind, scopes: [], createdAt: now, expiresAt: now)
        let membership: Membership
        do { membership = try await authenticator.membership(of: ownerRecord, now: now) } catch { throw error.problem }
        guard membership.known else {
            let source = kind == .service ? "service_accounts: in the configuration" : "the \(membership.source) directory"
            throw .badRequest("owner \(owner) is not known to \(source): check the login")
        }
        for (index, scope) in explicit.enumerated() {
            if let gap = TokenScopes.uncovered(scope, within: caller.token.scopes) {
                throw .forbidden("scopes[\(index)] asks for \(gap), which the calling token \(caller.token.id) may not do: a token cannot create a more powerful one")
            }
            if scope != .all, let gap = TokenScopes.uncovered(scope, byRightsOf: membership.groups, policy: authorizer.policy) {
                throw .forbidden("scopes[\(index)] asks for \(gap), which \(owner) may not do through the policy: narrow the scope or ask an admin for a rule")
            }
        }
        do {
            return try await issuer.issue(owner: owner, kind: kind, name: request.name, scopes: scopes,
                                          expiresInDays: request.expiresInDays, now: now)
        } catch {
            throw .unavailable("the token could not be stored (\(type(of: error))); nothing was created: retry shortly", kind: "database-unavailable")
        }
    }

    /// The caller's tokens, or (admins) everyone's or one owner's.
    public func list(by caller: Caller, owner: String?) async throws(GatewayProblem) -> [TokenRecord] {
        let admin = authorizer.isAdmin(caller)
        if let owner, owner != caller.login, !admin {
            throw .forbidden("\(caller.actor) may list only their own tokens; other owners' need a member of admin_groups")
        }
        let records: [TokenRecord]
        do { records = try await store.list(owner: admin ? owner : caller.login) } catch {
            throw .unavailable("the token database cannot be read (\(type(of: error))): retry shortly", kind: "database-unavailable")
        }
        return admin ? records : records.filter(caller.owns)
    }

    /// One token the caller owns (or any, for admins); others' look exactly like missing ones.
    public func get(by caller: Caller, id: String) async throws(GatewayProblem) -> TokenRecord {
        let record: TokenRecord?
        do { record = try await store.get(id: id) } catch {
            throw .unavailable("the token database cannot be read (\(type(of: error))): retry shortly", kind: "database-unavailable")
        }
        guard let record, caller.owns(record) || authorizer.isAdmin(caller) else {
            throw .notFound("no token \(id) among those you may see: list yours with GET /v1/tokens")
        }
        return record
    }

    /// Revokes a token the caller may see; revoking a revoked token answers it unchanged.
    public func revoke(by caller: Caller, id: String, now: Date = Date()) async throws(GatewayProblem) -> TokenRecord {
        let record = try await get(by: caller, id: id)
        if record.revokedAt != nil { return record }
        do {
            return try await store.revoke(id: id, by: caller.actor, at: now) ?? record
        } catch {
            throw .unavailable("the token could not be revoked (\(type(of: error))); it still works: retry shortly", kind: "database-unavailable")
        }
    }

    static func validate(_ scope: TokenScope, index: Int) throws(GatewayProblem) {
        guard !scope.actions.isEmpty else { throw .badRequest("scopes[\(index)].actions must name at least one action") }
        for (position, action) in scope.actions.enumerated() {
            if let problem = ActionPattern.problem(with: action) { throw .badRequest("scopes[\(index)].actions[\(position)]: \(problem)") }
        }
        guard !scope.on.isEmpty else { throw .badRequest("scopes[\(index)].on must name at least one cluster/role/env/job glob") }
        for (position, target) in scope.on.enumerated() where target.split(separator: "/", omittingEmptySubsequences: false).count != 4 {
            throw .badRequest("scopes[\(index)].on[\(position)] \"\(target)\" must have four parts: cluster/role/env/job (use * for any)")
        }
    }
}
