import Foundation

/// One repository under `webhooks.github`: its secret, the service account launches act as, where statuses go,
/// whom to trust, and the checks each pull request gets.
public struct GitHubRepository: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// `owner/name`, compared case-insensitively with the payload's `repository.full_name`.
    public var repository: String
    /// The webhook secret (read from `secret_file`; never logged).
    public var secret: [UInt8]
    /// The service account whose groups the policy checks and whose rights launches use.
    public var actAs: String
    /// GitHub's REST API base (`https://api.github.com`, or a GitHub Enterprise `…/api/v3`).
    public var apiURL: String
    /// The token that posts commit statuses and lists pull requests (from `status_token_file`); nil: no statuses.
    public var statusToken: String?
    /// Who may get a pull request built.
    public var trust: GitHubTrust
    /// The builder jobs each pull request gets.
    public var checks: [PullRequestCheck]
    /// How often the scheduler is polled for the state of launched jobs.
    public var pollInterval: Duration
    /// How often open pull requests are listed to catch missed webhooks.
    public var sweepInterval: Duration
    /// How long a relaunch waits for the old job's tasks to end before giving up with an `error` status.
    public var killWait: Duration

    /// Creates a repository configuration with the defaults of contract §2.
    public init(repository: String, secret: [UInt8], actAs: String, apiURL: String = "https://api.github.com",
                statusToken: String? = nil, trust: GitHubTrust = GitHubTrust(), checks: [PullRequestCheck] = [],
                pollInterval: Duration = .seconds(30), sweepInterval: Duration = .seconds(300), killWait: Duration = .seconds(120)) {
        self.repository = repository
        self.secret = secret
        self.actAs = actAs
        self.apiURL = apiURL
        self.statusToken = statusToken
        self.trust = trust
        self.checks = checks
        self.pollInterval = pollInterval
        self.sweepInterval = sweepInterval
        self.killWait = killWait
    }

    /// Names the repository only: the secret and the token must never reach a log line.
    public var description: String { "GitHubRepository(\(repository), act_as: \(actAs), checks: \(checks.map(\.name)))" }

    /// As `description`.
    public var debugDescription: String { description }

    /// The check named `name`.
    public func check(_ name: String) -> PullRequestCheck? { checks.first { $0.name == name } }
}

/// `trust:` — whose pull requests are built without a maintainer's label (contract §2).
public struct GitHubTrust: Sendable, Equatable {
    /// GitHub `author_association` values that are trusted.
    public var associations: [String]
    /// Logins trusted whatever their association.
    public var users: [String]
    /// The label a trusted person adds to get an untrusted author's pull request built.
    public var label: String

    /// Creates trust rules (defaults: owners, members and collaborators; label `ok-to-test`).
    public init(associations: [String] = ["OWNER", "MEMBER", "COLLABORATOR"], users: [String] = [], label: String = "ok-to-test") {
        self.associations = associations
        self.users = users
        self.label = label
    }

    /// Whether the pull request may be built: a trusted author, or the trust label on it.
    public func trusts(_ pull: PullRequestInfo) -> Bool {
        trusts(login: pull.author, association: pull.association) || pull.labels.contains(label)
    }

    /// Whether a person with this login and association is trusted.
    public func trusts(login: String, association: String?) -> Bool {
        if users.contains(where: { $0.caseInsensitiveCompare(login) == .orderedSame }) { return true }
        guard let association else { return false }
        return associations.contains { $0.caseInsensitiveCompare(association) == .orderedSame }
    }
}

/// One check: where its job runs, how the job is named, its spec template and its status context.
public struct PullRequestCheck: Sendable {
    /// The check's name (`/test <name>`, `{{check}}`).
    public var name: String
    /// Cluster, role and environment of the builder job.
    public var cluster: String
    /// The Aurora role.
    public var role: String
    /// The Aurora environment.
    public var env: String
    /// The job-name template (placeholders allowed; the result is sanitised to `^[\w\-\.]+$`).
    public var job: String
    /// The job spec template (contract §4) as a parsed tree whose strings may hold placeholders.
    public var spec: SpecTemplate
    /// The commit status context (default `aurora/<name>`).
    public var context: String

    /// Creates a check.
    public init(name: String, cluster: String, role: String, env: String, job: String, spec: SpecTemplate, context: String? = nil) {
        self.name = name
        self.cluster = cluster
        self.role = role
        self.env = env
        self.job = job
        self.spec = spec
        self.context = context ?? "aurora/\(name)"
    }
}
