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
        let decision = policy.decide(groups: ["nobody"], action: "job.create", isRead: false,
                                     target: PolicyTarget(cluster: "build", role: "mesostest", environment: "devel", job: "x"))
        #expect(!decision.allowed)
        #expect(decision.ruleIndex == nil)
        #expect(decision.reason.contains("job.create on build/mesostest/devel/x"))
        #expect(decision.reason.contains("nobody"))
    }

    @Test("`read` covers read operations only")
    func readShorthand() {
        let target = PolicyTarget(cluster: "build", role: "other", environment: "prod", job: "svc")
        #expect(policy.decide(groups: ["alice-aurora-users"], action: "tasks.list", isRead: true, target: target).allowed)
        #expect(!policy.decide(groups: ["alice-aurora-users"], action: "job.create", isRead: false, target: target).allowed)
    }

    @Test("an allow through an action glob names its rule and group")
    func allowGlob() {
        let decision = policy.decide(groups: ["alice-aurora-mesostest"], action: "update.pause", isRead: false,
                                     target: PolicyTarget(cluster: "build", role: "mesostest", environment: "devel", job: "hello"))
        #expect(decision.allowed)
        #expect(decision.ruleIndex == 1)
        #expect(decision.group == "alice-aurora-mesostest")
    }

    @Test("a matching deny wins over an earlier allow")
    func denyWins() {
        let decision = policy.decide(groups: ["alice-aurora-mesostest"], action: "job.kill", isRead: false,
                                     target: PolicyTarget(cluster: "build", role: "mesostest", environment: "prod", job: "hello"))
        #expect(!decision.allowed)
        #expect(decision.ruleIndex == 2)
    }

    @Test("job globs bind; a narrower rule does not cover a role-wide target")
    func targetCoverage() {
        let pr = PolicyTarget(cluster: "build", role: "ci", environment: "devel", job: "pr-alidist-12-build")
        #expect(policy.decide(groups: ["ci"], action: "job.create", isRead: false, target: pr).allowed)
        let other = PolicyTarget(cluster: "build", role: "ci", environment: "devel", job: "nightly")
        #expect(!policy.decide(groups: ["ci"], action: "job.create", isRead: false, target: other).allowed)
        let roleWide = PolicyTarget(cluster: "build", role: "ci")
        #expect(!policy.decide(groups: ["ci"], action: "job.create", isRead: false, target: roleWide).allowed)
        #expect(policy.decide(groups: ["alice-aurora-mesostest"], action: "jobs.list", isRead: true,
                              target: PolicyTarget(cluster: "build", role: "mesostest")).allowed)
    }

    @Test("globs", arguments: [("job.*", "job.create", true), ("job.*", "jobs.list", false), ("*", "anything", true),
                               ("pr-*-build", "pr-alidist-12-build", true), ("pr-?", "pr-12", false), ("a*b*c", "aXbYc", true)])
    func globs(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test("a rule's `on` must have four parts")
    func validation() {
        #expect(throws: ConfigError.self) { try PolicyEvaluator.validate([PolicyRule(group: "g", allow: ["read"], on: ["build/*"])]) }
    }
}
