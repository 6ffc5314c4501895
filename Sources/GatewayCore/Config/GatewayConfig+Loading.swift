import AuroraThrift
import Foundation
import SchedulerClient
import Yams

extension GatewayConfig {
    /// The top-level keys of contract §2, plus `log_level`, `rate_limits`, `audit` and the production keys.
    static let topLevelKeys = ["listen", "public_url", "data_dir", "cors", "kerberos", "clusters", "clusters_file",
                               "directory", "admin_groups", "policy", "service_accounts", "webhooks", "log_level", "rate_limits", "audit",
                               "log_format", "shutdown_timeout", "header_timeout", "idle_timeout", "trusted_proxies", "tls", "metrics", "sandbox"]

    /// The top-level scalars that `AURORA_GATEWAY_<KEY>` may override.
    static let overridableKeys = ["listen", "public_url", "data_dir", "clusters_file", "log_level", "log_format"]

    static func root(_ node: Node) -> ConfigNode { ConfigNode(node, path: "") }

    /// Reads and checks the YAML file; `AURORA_GATEWAY_<KEY>` variables override top-level scalars.
    public static func load(path: String, environment: [String: String]? = nil) throws(ConfigError) -> GatewayConfig {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(key: path, FileManager.default.fileExists(atPath: path)
                ? "cannot be read: give the gateway's user read permission" : "no such file: pass --config with the path of the gateway's YAML configuration")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path, environment: environment)
    }

    /// Parses YAML text (see `load`).
    public static func parse(_ text: String, source: String = "config", environment: [String: String] = [:]) throws(ConfigError) -> GatewayConfig {
        let composed: Node?
        do { composed = try Yams.compose(yaml: text) } catch {
            throw ConfigError(key: source, "is not valid YAML: \(error)")
        }
        guard var rootNode = composed else { throw ConfigError(key: source, "is empty") }
        for key in overridableKeys {
            if let value = environment["AURORA_GATEWAY_" + key.uppercased()], rootNode.mapping != nil {
                rootNode.mapping?[Node(key)] = Node(value)
            }
        }
        let root = ConfigNode(rootNode, path: "")
        try root.allowOnly(topLevelKeys)

        let listenText = try root.string("listen") ?? "127.0.0.1:8080"
        guard let listen = ListenAddress(parsing: listenText) else {
            throw ConfigError(key: "listen", "\"\(listenText)\" is not host:port, e.g. 127.0.0.1:8080")
        }
        var config = GatewayConfig(listen: listen, dataDir: try root.string("data_dir") ?? "/var/lib/aurora-gateway")
        config.publicURL = try root.string("public_url")
        config.logLevel = try root.string("log_level") ?? "info"
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(config.logLevel) else {
            throw ConfigError(key: "log_level", "\"\(config.logLevel)\" is not a level: use one of \(levels.joined(separator: ", "))")
        }
        if let cors = root.child("cors") {
            try cors.allowOnly(corsKeys)
            config.corsAllowedOrigins = try cors.strings("allowed_origins") ?? []
        }
        config.kerberos = try parseKerberos(root)
        config.clustersFile = try root.string("clusters_file")
        config.clusters = try parseClusters(root, clustersFile: config.clustersFile)
        config.directory = try parseDirectory(root)
        config.adminGroups = try root.strings("admin_groups") ?? []
        config.policy = try parsePolicy(root)
        try PolicyEvaluator.validate(config.policy)
        config.serviceAccounts = try parseServiceAccounts(root)
        config.rateLimits = try parseRateLimits(root)
        config.audit = try parseAudit(root)
        config.production = try parseProduction(root)
        config.sandbox = try parseSandbox(root)
        try config.validate()
        config.githubWebhooks = try parseWebhooks(root, config: config)
        return config
    }

    private static func parseKerberos(_ root: ConfigNode) throws(ConfigError) -> KerberosConfig? {
        guard let node = root.child("kerberos") else { return nil }
        try node.allowOnly(kerberosKeys)
        return KerberosConfig(principal: try node.requiredString("principal"), keytab: try node.requiredString("keytab"),
                              renewBefore: try node.duration("renew_before") ?? .seconds(900))
    }

    private static func parseDirectory(_ root: ConfigNode) throws(ConfigError) -> DirectoryConfig {
        guard let node = root.child("directory") else { return DirectoryConfig() }
        var directory = DirectoryConfig(kind: try node.string("kind") ?? "static")
        guard ["static", "ldap", "cern-authz"].contains(directory.kind) else {
            throw ConfigError(key: "directory.kind", "\"\(directory.kind)\" is not a directory kind: use static, ldap or cern-authz")
        }
        try node.allowOnly(directoryKeys)
        if directory.kind == "ldap" { directory.ldap = try parseLDAP(node) }
        if directory.kind == "cern-authz" { directory.cernAuthz = try parseCERNAuthz(node) }
        directory.cacheTTL = try node.duration("cache_ttl") ?? directory.cacheTTL
        directory.negativeCacheTTL = try node.duration("negative_cache_ttl") ?? directory.negativeCacheTTL
        for (login, groups) in try node.mappingEntries("users") ?? [] {
            guard let list = groups.node.sequence?.compactMap(\.string) else {
                throw ConfigError(key: groups.path, "must be a list of group names")
            }
            directory.users[login] = list
        }
        return directory
    }

    private static func parsePolicy(_ root: ConfigNode) throws(ConfigError) -> [PolicyRule] {
        var rules: [PolicyRule] = []
        for node in try root.sequence("policy") ?? [] {
            try node.allowOnly(policyKeys)
            let rule = PolicyRule(group: try node.requiredString("group"), allow: try node.strings("allow") ?? [],
                                  deny: try node.strings("deny") ?? [], on: try node.strings("on") ?? ["*/*/*/*"])
            if rule.allow.isEmpty && rule.deny.isEmpty {
                throw ConfigError(key: node.path, "has neither allow nor deny: list the actions this group may or may not do")
            }
            rules.append(rule)
        }
        return rules
    }

    private static func parseServiceAccounts(_ root: ConfigNode) throws(ConfigError) -> [ServiceAccount] {
        var accounts: [ServiceAccount] = []
        for (name, node) in try root.mappingEntries("service_accounts") ?? [] {
            try node.allowOnly(serviceAccountKeys)
            accounts.append(ServiceAccount(name: name, groups: try node.strings("groups") ?? []))
        }
        return accounts
    }
}
