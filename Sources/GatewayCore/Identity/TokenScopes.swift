/// Rules about token scopes: what they permit, and whether one set lies within another or within an owner's rights.
public enum TokenScopes {
    /// Whether some scope names the operation and (for targeted operations) covers the target.
    public static func permit(_ scopes: [TokenScope], _ operation: Operation, target: PolicyTarget) -> Bool {
        scopes.contains { scope in
            scope.actions.contains { ActionPattern.matches($0, operation) }
                && (!operation.isTargeted || scope.on.contains(where: target.isCovered(by:)))
        }
    }

    /// Nil when every operation and target `scope` names is also named by one of `outer`; else the first that is not.
    public static func uncovered(_ scope: TokenScope, within outer: [TokenScope]) -> String? {
        for operation in operations(of: scope) {
            let targets = operation.isTargeted ? scope.on : ["*/*/*/*"]
            for target in targets {
                let covered = outer.contains { candidate in
                    candidate.actions.contains { ActionPattern.matches($0, operation) }
                        && (!operation.isTargeted || candidate.on.contains { covers($0, target) })
                }
                if !covered { return operation.isTargeted ? "\(operation.id) on \(target)" : operation.id }
            }
        }
        return nil
    }

    /// Nil when the policy lets `groups` do every targeted operation of `scope` on every target glob; else the first gap.
    public static func uncovered(_ scope: TokenScope, byRightsOf groups: [String], policy: PolicyEvaluator) -> String? {
        let isAdmin = policy.adminGroup(in: groups) != nil
        let memberOf = Set(groups.map { $0.lowercased() })
        let rules = policy.rules.filter { memberOf.contains($0.group.lowercased()) }
        for operation in operations(of: scope) where operation.isTargeted {
            for target in scope.on {
                if let exact = concreteTarget(target, for: operation) {
                    let decision = policy.decide(groups: groups, operation: operation, target: exact)
                    if !decision.allowed { return "\(operation.id) on \(target) (\(decision.reason))" }
                    continue
                }
                let granted = isAdmin || rules.contains { rule in
                    rule.allow.contains { ActionPattern.grants($0, operation) } && rule.on.contains { covers($0, target) }
                }
                if !granted { return "\(operation.id) on \(target)" }
            }
        }
        return nil
    }

    /// The exact target a glob names for this operation, when it has no wildcard in the parts the operation uses
    /// and `*` in the rest (`build/mesostest/*/*` for a role-wide operation); such scopes are decided exactly, deny rules included.
    static func concreteTarget(_ glob: String, for operation: Operation) -> PolicyTarget? {
        let parts = glob.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let used = operation.target == .cluster ? 1 : (operation.target == .role ? 2 : 4)
        guard parts.count == 4,
              parts.prefix(used).allSatisfy({ !$0.isEmpty && !$0.contains("*") && !$0.contains("?") }),
              parts.dropFirst(used).allSatisfy({ $0 == "*" }) else { return nil }
        return PolicyTarget(cluster: parts[0], role: used >= 2 ? parts[1] : nil,
                            environment: used == 4 ? parts[2] : nil, job: used == 4 ? parts[3] : nil)
    }

    /// The catalogue operations a scope's action patterns name.
    public static func operations(of scope: TokenScope) -> [Operation] {
        OperationCatalogue.all.filter { operation in scope.actions.contains { ActionPattern.matches($0, operation) } }
    }

    /// Whether the four-part glob `general` covers every job key the four-part glob `specific` matches.
    public static func covers(_ general: String, _ specific: String) -> Bool {
        let outer = general.split(separator: "/", omittingEmptySubsequences: false)
        let inner = specific.split(separator: "/", omittingEmptySubsequences: false)
        guard outer.count == 4, inner.count == 4 else { return false }
        return zip(outer, inner).allSatisfy { Glob(String($0)).covers(String($1)) }
    }

    /// `actions@targets`, as the CLI writes scopes.
    public static func text(_ scope: TokenScope) -> String {
        "\(scope.actions.joined(separator: ","))@\(scope.on.joined(separator: ","))"
    }
}

extension Operation {
    /// Whether the operation acts on part of a cluster (and so is matched against `cluster/role/env/job` globs).
    public var isTargeted: Bool { target != .caller && target != .clusters }
}
