public import SchedulerClient

/// The gateway's configuration file (contract §2), parsed and checked.
public struct GatewayConfig: Sendable {
    /// `listen`: where the HTTP server binds.
    public var listen: ListenAddress
    /// `public_url`: the base of links the gateway hands out.
    public var publicURL: String?
    /// `data_dir`: where gateway.sqlite and the pepper live.
    public var dataDir: String
    /// `cors.allowed_origins`.
    public var corsAllowedOrigins: [String]
    /// `kerberos`: the gateway's own principal; nil when every cluster is UNAUTHENTICATED.
    public var kerberos: KerberosConfig?
    /// `clusters` merged with `clusters_file` (entries in the YAML win).
    public var clusters: [ClusterConfig]
    /// `clusters_file`.
    public var clustersFile: String?
    /// `directory`.
    public var directory: DirectoryConfig
    /// `admin_groups`.
    public var adminGroups: [String]
    /// `policy`, in order.
    public var policy: [PolicyRule]
    /// `service_accounts`.
    public var serviceAccounts: [ServiceAccount]
    /// `log_level`: trace, debug, info, notice, warning, error, critical.
    public var logLevel: String
    /// `rate_limits`: per-token buckets and failed authentications per address.
    public var rateLimits: RateLimits
    /// `audit`: read recording level and retention.
    public var audit: AuditSettings
    /// `webhooks.github`: repositories whose pull requests launch builder jobs.
    public var githubWebhooks: [GitHubRepository] = []
    /// Log format, drain time, TLS, trusted proxies, `/metrics` token.
    public var production = ProductionSettings()
    /// `sandbox:` — SSH access to task sandboxes (`task.run`, `task.logs`); nil when not configured.
    public var sandbox: SandboxSettings?

    /// Creates a configuration in code (dev mode, tests).
    public init(listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080), publicURL: String? = nil,
                dataDir: String, corsAllowedOrigins: [String] = [], kerberos: KerberosConfig? = nil,
                clusters: [ClusterConfig] = [], clustersFile: String? = nil, directory: DirectoryConfig = DirectoryConfig(),
                adminGroups: [String] = [], policy: [PolicyRule] = [], serviceAccounts: [ServiceAccount] = [],
                logLevel: String = "info", rateLimits: RateLimits = RateLimits(),
                audit: AuditSettings = AuditSettings()) {
        self.listen = listen
        self.publicURL = publicURL
        self.dataDir = dataDir
        self.corsAllowedOrigins = corsAllowedOrigins
        self.kerberos = kerberos
        self.clusters = clusters
        self.clustersFile = clustersFile
        self.directory = directory
        self.adminGroups = adminGroups
        self.policy = policy
        self.serviceAccounts = serviceAccounts
        self.logLevel = logLevel
        self.rateLimits = rateLimits
        self.audit = audit
    }
}

/// `host:port` to bind.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host or address.
    public var host: String
    /// The port (0 = any free port).
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// `kerberos:` — the gateway's own service principal.
public struct KerberosConfig: Sendable, Equatable {
    /// The principal, e.g. `aurora-gw/gw.example.org@EXAMPLE.ORG`.
    public var principal: String
    /// The keytab path.
    public var keytab: String
    /// Re-acquire this long before expiry.
    public var renewBefore: Duration

    /// Creates the section.
    public init(principal: String, keytab: String, renewBefore: Duration = .seconds(900)) {
        self.principal = principal
        self.keytab = keytab
        self.renewBefore = renewBefore
    }
}

/// `directory:` — where e-group membership comes from.
public struct DirectoryConfig: Sendable, Equatable {
    /// `static`, `ldap` or `cern-authz`.
    public var kind: String
    /// How long a membership answer is cached.
    public var cacheTTL: Duration
    /// How long a "no such user" answer is cached.
    public var negativeCacheTTL: Duration
    /// `users:` for the static kind: login → groups.
    public var users: [String: [String]]
    /// The LDAP settings for `kind: ldap`.
    public var ldap: LDAPSettings?
    /// The Authorization Service API settings for `kind: cern-authz`.
    public var cernAuthz: CERNAuthzSettings?

    /// Creates the section.
    public init(kind: String = "static", cacheTTL: Duration = .seconds(300), negativeCacheTTL: Duration = .seconds(30),
                users: [String: [String]] = [:]) {
        self.kind = kind
        self.cacheTTL = cacheTTL
        self.negativeCacheTTL = negativeCacheTTL
        self.users = users
    }
}

/// One `policy:` rule: a group, allowed and denied actions, and the job globs they apply to.
public struct PolicyRule: Sendable, Equatable {
    /// The e-group.
    public var group: String
    /// Allowed action globs (`read`, `job.*`).
    public var allow: [String]
    /// Denied action globs; a matching deny wins.
    public var deny: [String]
    /// `cluster/role/env/job` globs.
    public var on: [String]

    /// Creates a rule.
    public init(group: String, allow: [String] = [], deny: [String] = [], on: [String]) {
        self.group = group
        self.allow = allow
        self.deny = deny
        self.on = on
    }
}

/// One `service_accounts:` entry: a non-human token owner and the groups it acts as.
public struct ServiceAccount: Sendable, Equatable {
    /// The account name.
    public var name: String
    /// The groups whose rights it has.
    public var groups: [String]

    /// Creates an account.
    public init(name: String, groups: [String]) {
        self.name = name
        self.groups = groups
    }
}
