public import AuroraThrift

/// How the gateway authenticates to a cluster's scheduler (`auth_mechanism` in clusters.json).
public enum AuthMechanism: String, Sendable, Codable {
    /// SPNEGO with the gateway's keytab principal.
    case kerberos = "KERBEROS"
    /// No Authorization header (reads only, or a scheduler without authentication).
    case unauthenticated = "UNAUTHENTICATED"
}

/// One Aurora cluster as the gateway talks to it: the Aurora client's clusters.json fields plus ours.
public struct ClusterConfig: Sendable, Equatable {
    /// The cluster part of job keys (`build`).
    public var name: String
    /// The scheduler's base URL, e.g. `https://aurora.example.org` (the API is `<uri>/api`).
    public var schedulerURI: String?
    /// KERBEROS or UNAUTHENTICATED.
    public var authMechanism: AuthMechanism
    /// The scheduler's SPN, used verbatim; nil means `HTTP/<host answering>@<gateway realm>`.
    public var servicePrincipal: String?
    /// A CA bundle for the scheduler's TLS certificate.
    public var caBundle: String?
    /// TJSON (default) or TBinary.
    public var thriftProtocol: ThriftProtocolKind
    /// How long one HTTP exchange may take.
    public var timeout: Duration
    /// How long connecting may take.
    public var connectTimeout: Duration
    /// How long a retryable call keeps retrying (reads, ERROR_TRANSIENT, never-sent writes).
    public var retryDeadline: Duration
    /// The Mesos agent work directory, for task sandboxes.
    public var slaveRoot: String?
    /// The run directory name, almost always `latest`.
    public var slaveRunDirectory: String?
    /// ZooKeeper hosts (clusters.json `zk`); discovery is not supported yet.
    public var zk: String?
    /// ZooKeeper port.
    public var zkPort: Int?
    /// The scheduler's ZooKeeper serverset path.
    public var schedulerZKPath: String?
    /// A URL for links shown to people (UI), when different from `schedulerURI`.
    public var proxyURL: String?
    /// The Thermos observer's port on each agent, where `task.logs` reads logs; nil means over SSH.
    public var observerPort: Int?

    /// Creates a cluster with the defaults of the contract (TJSON, KERBEROS, 30 s).
    public init(name: String, schedulerURI: String?, authMechanism: AuthMechanism = .kerberos,
                servicePrincipal: String? = nil, caBundle: String? = nil, thriftProtocol: ThriftProtocolKind = .json,
                timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(5), retryDeadline: Duration = .seconds(30),
                slaveRoot: String? = nil, slaveRunDirectory: String? = nil, zk: String? = nil, zkPort: Int? = nil,
                schedulerZKPath: String? = nil, proxyURL: String? = nil, observerPort: Int? = nil) {
        self.name = name
        self.schedulerURI = schedulerURI
        self.authMechanism = authMechanism
        self.servicePrincipal = servicePrincipal
        self.caBundle = caBundle
        self.thriftProtocol = thriftProtocol
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.retryDeadline = retryDeadline
        self.slaveRoot = slaveRoot
        self.slaveRunDirectory = slaveRunDirectory
        self.zk = zk
        self.zkPort = zkPort
        self.schedulerZKPath = schedulerZKPath
        self.proxyURL = proxyURL
        self.observerPort = observerPort
    }

    /// The base for people-facing links: `proxy_url` when set, else the scheduler URI.
    public var webBaseURL: String? {
        (proxyURL ?? schedulerURI).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }
}
