/// The answer to "may this caller do this operation on this target": allowed or not, which rule decided
/// (for the audit log) and one sentence for the caller.
public struct AccessDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public let allowed: Bool
    /// `policy[N]`, `admin_groups`, `default-deny`, `token-scope`, `self-service` or `directory`.
    public let rule: String
    /// The group through which it was decided, if any.
    public let group: String?
    /// One sentence naming the action, the target and the rule or scope that decided.
    public let reason: String

    /// Creates a decision.
    public init(allowed: Bool, rule: String, group: String? = nil, reason: String) {
        self.allowed = allowed
        self.rule = rule
        self.group = group
        self.reason = reason
    }

    /// The 403 answered for a denial.
    public var problem: GatewayProblem { .forbidden(reason) }
}
