import Foundation
import Yams

extension GatewayConfig {
    static let githubKeys = ["repository", "secret_file", "act_as", "api_url", "status_token_file", "trust", "checks",
                             "poll_interval", "sweep_interval", "kill_wait"]
    static let checkKeys = ["name", "cluster", "role", "env", "job", "spec", "context"]
    static let trustKeys = ["associations", "users", "label"]

    /// `webhooks.github`: each repository's secret and token files are read here, once, and never logged.
    static func parseWebhooks(_ root: ConfigNode, config: GatewayConfig) throws(ConfigError) -> [GitHubRepository] {
        guard let webhooks = root.child("webhooks") else { return [] }
        try webhooks.allowOnly(["github"])
        var repositories: [GitHubRepository] = []
        for node in try webhooks.sequence("github") ?? [] {
            try node.allowOnly(githubKeys)
            let name = try node.requiredString("repository")
            guard name.split(separator: "/").count == 2, !name.contains(" ") else {
                throw ConfigError(key: node.key("repository"), "\"\(name)\" must be owner/name, e.g. alisw/alidist")
            }
            let secret = try readSecret(node, "secret_file", what: "the webhook secret set on GitHub")
            guard let secret else { throw ConfigError(key: node.key("secret_file"), "is required: the file holding the webhook's secret") }
            let actAs = try node.requiredString("act_as")
            guard config.serviceAccounts.contains(where: { $0.name == actAs }) else {
                throw ConfigError(key: node.key("act_as"), "\"\(actAs)\" is not a service account: add it under service_accounts with the groups its launches need")
            }
            var repository = GitHubRepository(repository: name, secret: Array(secret.utf8), actAs: actAs)
            repository.apiURL = try node.string("api_url").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? repository.apiURL
            repository.statusToken = try readSecret(node, "status_token_file", what: "a GitHub token allowed to write commit statuses")
            if let trust = node.child("trust") {
                try trust.allowOnly(trustKeys)
                repository.trust = GitHubTrust(associations: try trust.strings("associations") ?? repository.trust.associations,
                                               users: try trust.strings("users") ?? [], label: try trust.string("label") ?? "ok-to-test")
            }
            repository.pollInterval = try node.duration("poll_interval") ?? repository.pollInterval
            repository.sweepInterval = try node.duration("sweep_interval") ?? repository.sweepInterval
            repository.killWait = try node.duration("kill_wait") ?? repository.killWait
            repository.checks = try parseChecks(node, repository: name, config: config)
            guard !repositories.contains(where: { $0.secret == repository.secret }) else {
                throw ConfigError(key: node.key("secret_file"), "is the same secret as another repository's: give each repository its own, since the secret selects the repository")
            }
            repositories.append(repository)
        }
        return repositories
    }

    private static func parseChecks(_ node: ConfigNode, repository: String, config: GatewayConfig) throws(ConfigError) -> [PullRequestCheck] {
        guard let nodes = try node.sequence("checks"), !nodes.isEmpty else {
            throw ConfigError(key: node.key("checks"), "needs at least one check (name, cluster, role, env, job, spec)")
        }
        var checks: [PullRequestCheck] = []
        for check in nodes {
            try check.allowOnly(checkKeys)
            let cluster = try check.requiredString("cluster")
            guard config.clusters.contains(where: { $0.name == cluster }) else {
                throw ConfigError(key: check.key("cluster"), "\"\(cluster)\" is not a configured cluster: use one of \(config.clusters.map(\.name).joined(separator: ", "))")
            }
            guard let specNode = check.child("spec") else { throw ConfigError(key: check.key("spec"), "is required: the builder's job spec (contract §4)") }
            let parsed = PullRequestCheck(name: try check.requiredString("name"), cluster: cluster, role: try check.requiredString("role"),
                                          env: try check.requiredString("env"), job: try check.requiredString("job"),
                                          spec: try template(specNode.node, key: check.key("spec")), context: try check.string("context"))
            guard !checks.contains(where: { $0.name == parsed.name }) else { throw ConfigError(key: check.key("name"), "check \(parsed.name) is defined twice") }
            // Rendered once with sample values now, so a broken template fails at start-up, not on the first pull request.
            let sample = PlaceholderValues(repository: repository, number: 1, headSHA: String(repeating: "0", count: 40), headRef: "branch",
                                           baseRef: "master", author: "octocat", check: parsed.name)
            guard !sample.jobName(parsed.job).isEmpty else { throw ConfigError(key: check.key("job"), "renders to an empty job name") }
            do { _ = try JobSpecDecoder.decode(object: parsed.spec.render(sample)) } catch {
                throw ConfigError(key: check.key("spec"), "is not a valid job spec: \(error.description)")
            }
            checks.append(parsed)
        }
        return checks
    }

    /// The YAML tree as a `SpecTemplate` (YAML's own scalar types: numbers, booleans, null, strings).
    static func template(_ node: Node, key: String) throws(ConfigError) -> SpecTemplate {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return .null }
                if let flag = node.bool { return .bool(flag) }
                if let number = node.int { return .int(number) }
                if let number = node.float { return .double(number) }
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            var items: [SpecTemplate] = []
            for (index, item) in sequence.enumerated() { items.append(try template(item, key: "\(key)[\(index)]")) }
            return .array(items)
        case .mapping(let mapping):
            var fields: [String: SpecTemplate] = [:]
            for (name, value) in mapping {
                guard let text = name.string else { throw ConfigError(key: key, "keys must be strings") }
                fields[text] = try template(value, key: "\(key).\(text)")
            }
            return .object(fields)
        case .alias:
            throw ConfigError(key: key, "YAML aliases are not supported in a check's spec: write the value out")
        }
    }

    private static func readSecret(_ node: ConfigNode, _ name: String, what: String) throws(ConfigError) -> String? {
        guard let path = try node.string(name) else { return nil }
        try checkReadable(path, key: node.key(name))
        let text = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ConfigError(key: node.key(name), "\(path) is empty: put \(what) in it") }
        return text
    }
}
