import GatewayCore
import Testing

@Suite("Policy: default deny, deny wins, globs over cluster/role/env/job")
struct PolicyTests {
    let policy = PolicyEvaluator(rules: [
        PolicyRule(group: "alice-aurora-users", allow: ["read"], on: ["*/*/*/*"]),
        PolicyRule(group: "alice-aurora-mesostest", allow: ["read", "job.*", "update.*", "cron.*"], on: ["build/mesostest/*/*"]),
        PolicyRule(group: "alice-aurora-mesostest", deny: ["job.kill"], on: ["build/mesostest/prod/*"]),
        PolicyRule(group: "ci", allow: ["job.create"], on: ["build/ci/devel/pr-*"]),
    ])

    @Test("nothing matches: denied, naming the action, target and groups")
    func defaultDeny() {
        let decision = policy.decide(groups: ["nobody"], operation: op("job.create"),
                                     target: PolicyTarget(cluster: "build", role: "mesostest", environment: "devel", job: "x"))
        #expect(!decision.allowed)
        #expect(decision.ruleIndex == nil)
        #expect(decision.reason.contains("job.create on build/mesostest/devel/x"))
        #expect(decision.reason.contains("nobody"))
    }

    @Test("`read` covers read operations only")
    func readShorthand() {
        let target = PolicyTarget(cluster: "build", role: "other", environment: "prod", job: "svc")
        #expect(policy.decide(groups: ["alice-aurora-users"], operation: op("tasks.list"), target: target).allowed)
        #expect(!policy.decide(groups: ["alice-aurora-users"], operation: op("job.create"), target: target).allowed)
    }

    @Test("an allow through an action glob names its rule and group")
    func allowGlob() {
        let decision = policy.decide(groups: ["alice-aurora-mesostest"], operation: op("update.pause"),
                                     target: PolicyTarget(cluster: "build", role: "mesostest", environment: "devel", job: "hello"))
        #expect(decision.allowed)
        #expect(decision.ruleIndex == 1)
        #expect(decision.group == "alice-aurora-mesostest")
    }

    @Test("a matching deny wins over an earlier allow")
    func denyWins() {
        let decision = policy.decide(groups: ["alice-aurora-mesostest"], operation: op("job.kill"),
                                     target: PolicyTarget(cluster: "build", role: "mesostest", environment: "prod", job: "hello"))
        #expect(!decision.allowed)
        #expect(decision.ruleIndex == 2)
    }

    @Test("job globs bind; a narrower rule does not cover a role-wide target")
    func targetCoverage() {
        let pr = PolicyTarget(cluster: "build", role: "ci", environment: "devel", job: "pr-alidist-12-build")
        #expect(policy.decide(groups: ["ci"], operation: op("job.create"), target: pr).allowed)
        let other = PolicyTarget(cluster: "build", role: "ci", environment: "devel", job: "nightly")
        #expect(!policy.decide(groups: ["ci"], operation: op("job.create"), target: other).allowed)
        let roleWide = PolicyTarget(cluster: "build", role: "ci")
        #expect(!policy.decide(groups: ["ci"], operation: op("job.create"), target: roleWide).allowed)
        #expect(policy.decide(groups: ["alice-aurora-mesostest"], operation: op("jobs.list"),
                              target: PolicyTarget(cluster: "build", role: "mesostest")).allowed)
    }

    @Test("globs", arguments: [("job.*", "job.create", true), ("job.*", "jobs.list", false), ("*", "anything", true),
                               ("pr-*-build", "pr-alidist-12-build", true), ("pr-?", "pr-12", false), ("a*b*c", "aXbYc", true)])
    func globs(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test("a rule's `on` must have four parts, and its actions must name operations")
    func validation() {
        #expect(throws: ConfigError.self) { try PolicyEvaluator.validate([PolicyRule(group: "g", allow: ["read"], on: ["build/*"])]) }
        let unknown = #expect(throws: ConfigError.self) {
            try PolicyEvaluator.validate([PolicyRule(group: "g", allow: ["read"], on: ["*/*/*/*"]),
                                          PolicyRule(group: "g", deny: ["jobs.kil"], on: ["*/*/*/*"])])
        }
        #expect(unknown?.key == "policy[1].deny[0]")
        #expect(unknown?.problem.contains("jobs.kil") == true)
        #expect(throws: Never.self) { try PolicyEvaluator.validate([PolicyRule(group: "g", allow: ["read", "job.*", "*"], on: ["*/*/*/*"])]) }
    }

    @Test("admins may do everything, admin-only actions included, unless a deny rule matches")
    func admins() {
        let withAdmins = PolicyEvaluator(rules: policy.rules + [PolicyRule(group: "ops", deny: ["quota.set"], on: ["build/*/*/*"])],
                                         adminGroups: ["Alice-Aurora-Admins"])
        let role = PolicyTarget(cluster: "build", role: "mesostest")
        let decision = withAdmins.decide(groups: ["alice-aurora-admins"], operation: op("quota.set"), target: PolicyTarget(cluster: "prod", role: "x"))
        #expect(decision.allowed)
        #expect(decision.ruleName == "admin_groups")
        #expect(!withAdmins.decide(groups: ["alice-aurora-admins", "ops"], operation: op("quota.set"), target: role).allowed)
        #expect(!withAdmins.decide(groups: ["alice-aurora-mesostest"], operation: op("quota.set"), target: role).allowed)
    }

    @Test("admin-only actions are granted to others only by a rule naming them, not by * or read")
    func adminOnly() {
        let rules = PolicyEvaluator(rules: [PolicyRule(group: "all", allow: ["*"], on: ["*/*/*/*"]),
                                            PolicyRule(group: "runners", allow: ["task.run"], on: ["build/ci/*/*"])])
        let job = PolicyTarget(cluster: "build", role: "ci", environment: "devel", job: "x")
        #expect(!rules.decide(groups: ["all"], operation: op("task.run"), target: job).allowed)
        #expect(rules.decide(groups: ["all"], operation: op("task.logs"), target: job).allowed)
        #expect(rules.decide(groups: ["runners"], operation: op("task.run"), target: job).allowed)
        let loose = PolicyEvaluator(rules: [PolicyRule(group: "g", allow: ["t*", "?ask.run", "task.*", "quota.s*"], on: ["*/*/*/*"])])
        #expect(loose.decide(groups: ["g"], operation: op("task.run"), target: job).allowed)
        #expect(!loose.decide(groups: ["g"], operation: op("quota.set"), target: PolicyTarget(cluster: "build", role: "ci")).allowed)
        #expect(!PolicyEvaluator(rules: [PolicyRule(group: "g", allow: ["t*"], on: ["*/*/*/*"])])
            .decide(groups: ["g"], operation: op("task.run"), target: job).allowed)
    }

    @Test("glob coverage between globs", arguments: [("*", "anything*", true), ("pr-*", "pr-a*", true), ("pr-a*", "pr-*", false),
                                                     ("?", "*", false), ("build", "build", true), ("build", "b*", false),
                                                     ("a*c", "abc", true), ("a?c", "a?c", true)])
    func covers(general: String, specific: String, expected: Bool) {
        #expect(Glob(general).covers(specific) == expected)
    }
}

private func op(_ id: String) -> GatewayCore.Operation { OperationCatalogue.operation(id) }
