/// Decides requests: the token's scopes ∩ what the owner's current e-groups allow through the policy.
public struct Authorizer: Sendable {
    /// The rules it reads at each decision (swapped by SIGHUP).
    public let rules: AccessRules

    /// The policy and admin groups in force.
    public var policy: PolicyEvaluator { rules.current.policy }

    /// Creates an authorizer over fixed rules.
    public init(policy: PolicyEvaluator) { rules = AccessRules(.init(policy: policy)) }

    /// Creates an authorizer over reloadable rules.
    public init(rules: AccessRules) { self.rules = rules }

    /// Operations an owner the directory no longer knows may still do: look at and revoke their tokens.
    static let allowedToUnknownOwners: Set<String> = ["me", "tokens.list", "tokens.get", "tokens.revoke"]

    /// Whether `caller` may do `operation` on `target` (ignored for caller-wide operations).
    public func decide(_ caller: Caller, _ operation: Operation, target: PolicyTarget = PolicyTarget()) -> AccessDecision {
        let token = caller.token
        guard operation.id == "me" || TokenScopes.permit(token.scopes, operation, target: target) else {
            let scopes = token.scopes.map(TokenScopes.text).joined(separator: "; ")
            return AccessDecision(allowed: false, rule: "token-scope",
                                  reason: "token \(token.id) is not scoped for \(operation.id)\(Self.on(operation, target)) (its scopes: \(scopes)): use or create a token whose scopes include it")
        }
        if operation.target == .caller || operation.target == .clusters {
            guard caller.membership.known || Self.allowedToUnknownOwners.contains(operation.id) else {
                return AccessDecision(allowed: false, rule: "directory",
                                      reason: "\(caller.login) is not known to the \(caller.membership.source) directory, so \(operation.id) is denied: ask an admin to check the account")
            }
            return AccessDecision(allowed: true, rule: "self-service", reason: "every authenticated caller may do \(operation.id)")
        }
        let decision = policy.decide(groups: caller.membership.groups, operation: operation, target: target)
        return AccessDecision(allowed: decision.allowed, rule: decision.ruleName, group: decision.group,
                              reason: decision.allowed ? decision.reason : "\(caller.actor) may not do \(operation.id) on \(target): \(decision.reason)")
    }

    /// Whether `groups` make their holder an admin.
    public func isAdmin(_ caller: Caller) -> Bool { policy.adminGroup(in: caller.membership.groups) != nil }

    private static func on(_ operation: Operation, _ target: PolicyTarget) -> String {
        operation.target == .caller || operation.target == .clusters ? "" : " on \(target)"
    }
}
