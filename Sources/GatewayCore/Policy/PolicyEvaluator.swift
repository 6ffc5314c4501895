/// The outcome of evaluating the policy for one request.
public struct PolicyDecision: Sendable, Equatable {
    /// Whether the request may proceed.
    public let allowed: Bool
    /// The index in `policy:` of the rule that decided; nil for admin rights or default deny.
    public let ruleIndex: Int?
    /// The group through which the deciding rule (or admin right) applied.
    public let group: String?
    /// One sentence for the caller and the audit log.
    public let reason: String

    /// The rule as the audit log names it: `policy[3]`, `admin_groups`, or `default-deny`.
    public var ruleName: String {
        if let ruleIndex { return "policy[\(ruleIndex)]" }
        return allowed ? "admin_groups" : "default-deny"
    }
}

/// Evaluates `policy:` rules and `admin_groups:`: default deny, a matching deny wins over any allow,
/// admins may do everything a deny rule does not forbid.
public struct PolicyEvaluator: Sendable {
    /// The rules, in configuration order.
    public let rules: [PolicyRule]
    /// Lowercased admin group names.
    public let adminGroups: Set<String>

    /// Creates an evaluator; validate the rules with `PolicyEvaluator.validate` at start-up.
    public init(rules: [PolicyRule], adminGroups: [String] = []) {
        self.rules = rules
        self.adminGroups = Set(adminGroups.map { $0.lowercased() })
    }

    /// The admin group among `groups`, if any (names compare case-insensitively).
    public func adminGroup(in groups: [String]) -> String? {
        groups.first { adminGroups.contains($0.lowercased()) }
    }

    /// Decides whether members of `groups` may do `operation` on `target`.
    public func decide(groups: [String], operation: Operation, target: PolicyTarget) -> PolicyDecision {
        let action = operation.id
        let memberOf = Set(groups.map { $0.lowercased() })
        var firstAllow: (Int, String)?
        for (index, rule) in rules.enumerated() where memberOf.contains(rule.group.lowercased()) {
            guard rule.on.contains(where: target.isCovered(by:)) else { continue }
            if rule.deny.contains(where: { ActionPattern.matches($0, operation) }) {
                return PolicyDecision(allowed: false, ruleIndex: index, group: rule.group,
                                      reason: "policy[\(index)] denies \(action) on \(target) to group \(rule.group)")
            }
            if firstAllow == nil, rule.allow.contains(where: { ActionPattern.grants($0, operation) }) {
                firstAllow = (index, rule.group)
            }
        }
        if let (index, group) = firstAllow {
            return PolicyDecision(allowed: true, ruleIndex: index, group: group,
                                  reason: "policy[\(index)] allows \(action) on \(target) to group \(group)")
        }
        if let admin = adminGroup(in: groups) {
            return PolicyDecision(allowed: true, ruleIndex: nil, group: admin,
                                  reason: "admin group \(admin) may do \(action) on \(target)")
        }
        let held = groups.isEmpty ? "no groups" : "groups \(groups.sorted().joined(separator: ", "))"
        let why = operation.adminOnly ? "\(action) is reserved to admin_groups unless a policy rule names it" : "no policy rule allows \(action) on \(target)"
        return PolicyDecision(allowed: false, ruleIndex: nil, group: nil,
                              reason: "\(why) for \(held): ask an admin for a rule or group membership")
    }

    /// Checks each rule: known actions, four-part `on` globs; the first problem is a `ConfigError` naming the rule.
    public static func validate(_ rules: [PolicyRule]) throws(ConfigError) {
        for (index, rule) in rules.enumerated() {
            for (position, scope) in rule.on.enumerated() where scope.split(separator: "/", omittingEmptySubsequences: false).count != 4 {
                throw ConfigError(key: "policy[\(index)].on[\(position)]", "\"\(scope)\" must have four parts: cluster/role/env/job (use * for any)")
            }
            for (list, patterns) in [("allow", rule.allow), ("deny", rule.deny)] {
                for (position, pattern) in patterns.enumerated() {
                    if let problem = ActionPattern.problem(with: pattern) {
                        throw ConfigError(key: "policy[\(index)].\(list)[\(position)]", problem)
                    }
                }
            }
        }
    }
}
