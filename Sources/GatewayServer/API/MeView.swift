import GatewayAPI
import GatewayCore

/// `GET /v1/me`: identity, token, groups with their source and freshness, and the rules that apply.
enum MeView {
    static func make(_ caller: Caller, authorizer: Authorizer) -> Components.Schemas.Me {
        let membership = caller.membership
        let token = caller.token
        let ownerAdmin = authorizer.isAdmin(caller)
        return .init(
            login: caller.actor, kind: TokenView.kind(token.kind), admin: ownerAdmin && carriesAllRights(token), ownerAdmin: ownerAdmin,
            token: .init(id: token.id, name: token.name, kind: TokenView.kind(token.kind), expiresAt: token.expiresAt,
                         scopes: token.scopes.map(TokenView.scope)),
            directory: .init(kind: membership.source, known: membership.known, fetchedAt: membership.fetchedAt, stale: membership.stale),
            groups: membership.groups.map { .init(name: $0, source: membership.source) },
            permissions: permissions(caller, authorizer: authorizer))
    }

    /// Whether the token's scopes leave its owner's rights whole: every action on every job lies within them.
    static func carriesAllRights(_ token: TokenRecord) -> Bool {
        TokenScopes.uncovered(.all, within: token.scopes) == nil
    }

    /// Admin rights first, then each policy rule that applies through one of the caller's groups, in policy order.
    static func permissions(_ caller: Caller, authorizer: Authorizer) -> [Components.Schemas.Permission] {
        var lines: [Components.Schemas.Permission] = []
        let policy = authorizer.policy
        if let admin = policy.adminGroup(in: caller.membership.groups) {
            lines.append(.init(group: admin, effect: .allow, actions: ["*"], on: ["*/*/*/*"],
                               text: "admin_groups: members of \(admin) may do every action, including admin-only ones, on */*/*/* unless a deny rule matches"))
        }
        let groups = Set(caller.membership.groups.map { $0.lowercased() })
        for (index, rule) in policy.rules.enumerated() where groups.contains(rule.group.lowercased()) {
            if !rule.allow.isEmpty {
                lines.append(.init(rule: index, group: rule.group, effect: .allow, actions: rule.allow, on: rule.on,
                                   text: "policy[\(index)]: members of \(rule.group) may \(rule.allow.joined(separator: ", ")) on \(rule.on.joined(separator: ", "))"))
            }
            if !rule.deny.isEmpty {
                lines.append(.init(rule: index, group: rule.group, effect: .deny, actions: rule.deny, on: rule.on,
                                   text: "policy[\(index)]: members of \(rule.group) may not \(rule.deny.joined(separator: ", ")) on \(rule.on.joined(separator: ", "))"))
            }
        }
        return lines
    }
}
