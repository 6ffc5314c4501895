/// The outcome of evaluating the policy for one request.
public struct PolicyDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public let allowed: Bool
    /// The index in `policy:` of the rule that decided; nil when nothing matched (default deny).
    public let ruleIndex: Int?
    /// The group through which the deciding rule applied.
    public let group: String?
    /// One sentence for the caller and the audit log.
    public let reason: String
}

/// Evaluates `policy:` rules: default deny, and a matching deny wins over any allow.
public struct PolicyEvaluator: Sendable {
    /// The rules, in configuration order.
    public let rules: [PolicyRule]

    /// Creates an evaluator; validate the rules with `PolicyEvaluator.validate` at start-up.
    public init(rules: [PolicyRule]) { self.rules = rules }

    /// Decides whether members of `groups` may do `action` (an operation id) on `target`.
    /// `isRead` says whether the `read` shorthand covers the action.
    public func decide(groups: [String], action: String, isRead: Bool, target: PolicyTarget) -> PolicyDecision {
        // E-group names compare case-insensitively.
        let memberOf = Set(groups.map { $0.lowercased() })
        var firstAllow: (Int, String)?
        for (index, rule) in rules.enumerated() where memberOf.contains(rule.group.lowercased()) {
            guard rule.on.contains(where: target.isCovered(by:)) else { continue }
            if rule.deny.contains(where: { Self.matches($0, action: action, isRead: isRead) }) {
                return PolicyDecision(allowed: false, ruleIndex: index, group: rule.group,
                                      reason: "policy[\(index)] denies \(action) on \(target) to group \(rule.group)")
            }
            if firstAllow == nil, rule.allow.contains(where: { Self.matches($0, action: action, isRead: isRead) }) {
                firstAllow = (index, rule.group)
            }
        }
        if let (index, group) = firstAllow {
            return PolicyDecision(allowed: true, ruleIndex: index, group: group,
                                  reason: "policy[\(index)] allows \(action) on \(target) to group \(group)")
        }
        let held = groups.isEmpty ? "no groups" : "groups \(groups.sorted().joined(separator: ", "))"
        return PolicyDecision(allowed: false, ruleIndex: nil, group: nil,
                              reason: "no policy rule allows \(action) on \(target) for \(held): ask an admin for a rule or group membership")
    }

    /// `read` covers every read operation; anything else is an operation-id glob.
    static func matches(_ pattern: String, action: String, isRead: Bool) -> Bool {
        pattern == "read" ? isRead : Glob(pattern).matches(action)
    }

    /// Checks each rule's `on` globs have four parts; returns the first problem as a `ConfigError`.
    public static func validate(_ rules: [PolicyRule]) throws(ConfigError) {
        for (index, rule) in rules.enumerated() {
            for (position, scope) in rule.on.enumerated() where scope.split(separator: "/", omittingEmptySubsequences: false).count != 4 {
                throw ConfigError(key: "policy[\(index)].on[\(position)]", "\"\(scope)\" must have four parts: cluster/role/env/job (use * for any)")
            }
        }
    }
}
