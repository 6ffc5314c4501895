import GatewayCore

/// The policy, directory and expectations of the authorization matrix. The expectations are written out by
/// hand from the rules below, independently of the policy engine, so the engine is checked against them.
enum MatrixFixture {
    static let policy = [
        PolicyRule(group: "alice-aurora-users", allow: ["read"], on: ["*/*/*/*"]),
        PolicyRule(group: "alice-aurora-mesostest", allow: ["read", "job.*", "update.*", "cron.*"], on: ["build/mesostest/*/*"]),
        PolicyRule(group: "alice-aurora-mesostest", deny: ["job.kill"], on: ["build/mesostest/prod/*"]),
        PolicyRule(group: "ci", allow: ["job.create", "job.kill", "tasks.list"], on: ["build/ci/devel/pr-*"]),
        PolicyRule(group: "runners", allow: ["task.run"], on: ["build/ci/*/*"]),
    ]
    static let users: [String: [String]] = [
        "alice": ["alice-aurora-users", "Alice-Aurora-Mesostest"],
        "bob": ["alice-aurora-users"],
        "dave": ["alice-aurora-admins"],
        "erin": [],
        "rita": ["runners"],
    ]
    static let serviceAccounts = [ServiceAccount(name: "ci-bot", groups: ["ci"])]

    static func configure(_ config: inout GatewayConfig) {
        config.policy = policy
        config.adminGroups = ["alice-aurora-admins"]
        config.directory = DirectoryConfig(users: users)
        config.serviceAccounts = serviceAccounts
        config.rateLimits = RateLimits(readsPerSecond: 10_000, readsBurst: 10_000, writesPerSecond: 10_000, writesBurst: 10_000,
                                       failedAuthPerMinute: 1_000)
    }

    /// The callers of the matrix: login, token kind.
    static let callers: [(String, TokenKind)] = [("alice", .user), ("bob", .user), ("dave", .user), ("erin", .user),
                                                  ("rita", .user), ("ci-bot", .service)]

    static let devel = "build/mesostest/devel/hello"
    static let prod = "build/mesostest/prod/hello"
    static let pr = "build/ci/devel/pr-12"
    static let elsewhere = "prod/other/devel/x"

    /// Targets per kind of operation, as scope globs that name them exactly.
    static func targets(for kind: TargetKind) -> [String] {
        switch kind {
        case .job: return [devel, prod, pr, elsewhere]
        case .role: return ["build/mesostest/*/*", "build/ci/*/*", "prod/other/*/*"]
        case .cluster: return ["build/*/*/*", "prod/*/*/*"]
        case .caller, .clusters: return []
        }
    }

    static let reads: Set<String> = ["roles.list", "jobs.list", "quota.get", "job.get", "tasks.list", "tasks.pendingReasons",
                                     "updates.list", "update.get", "task.logs"]
    static let mesostestWrites: Set<String> = [
        "job.create", "job.get", "job.kill", "job.killInstances", "job.restart", "job.addInstances", "job.inspect", "job.diff",
        "update.start", "update.get", "update.pause", "update.resume", "update.abort", "update.rollback", "update.pulse",
        "cron.schedule", "cron.deschedule", "cron.run",
    ]

    /// The hand-written answer: may `login` do `action` on `target`?
    static func expected(_ login: String, _ action: String, _ target: String) -> Bool {
        switch login {
        case "dave":
            return true
        case "bob":
            return reads.contains(action)
        case "alice":
            if reads.contains(action) { return true }
            if target == devel { return mesostestWrites.contains(action) }
            if target == prod { return mesostestWrites.contains(action) && action != "job.kill" }
            return false
        case "rita":
            return action == "task.run" && target == pr
        case "ci-bot":
            return ["job.create", "job.kill", "tasks.list"].contains(action) && target == pr
        default:
            return false
        }
    }
}
