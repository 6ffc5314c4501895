/// Everything that shapes one simulated Aurora scheduler: identity, network, authentication,
/// leadership and the pace of the task state machine.
public struct SimulatorConfiguration: Sendable {
    /// Keytab and principal the simulator accepts SPNEGO tokens for (like `-kerberos_server_keytab`).
    public struct SPNEGO: Sendable, Equatable {
        /// Path of the keytab holding the `HTTP/<host>@REALM` key.
        public var keytab: String
        /// Principal to accept for; nil accepts any principal found in the keytab.
        public var principal: String?
        /// Challenges reads without the header too, like a proxy in front of `/api` that authenticates every call
        /// (Aurora itself lets reads through anonymously).
        public var challengesReads: Bool

        /// Creates SPNEGO settings from a keytab path and an optional principal.
        public init(keytab: String, principal: String? = nil, challengesReads: Bool = false) {
            self.keytab = keytab
            self.principal = principal
            self.challengesReads = challengesReads
        }
    }

    /// `ServerInfo.clusterName` of every reply (Aurora's `-cluster_name`).
    public var clusterName: String
    /// Address to bind.
    public var host: String
    /// Port to bind; 0 picks a free ephemeral port (read it back from `SimulatorServer.port`).
    public var port: Int
    /// When set, `/api` demands SPNEGO for write RPCs, as `-http_authentication_mechanism=NEGOTIATE` does.
    public var spnego: SPNEGO?
    /// Non-leader mode: every `/api` request is answered `307` with `Location: <redirectTo>/api`
    /// unless it carries `Bypass-Leader-Redirect`.
    public var redirectTo: String?
    /// `ServerInfo.statsUrlPrefix` of every reply (Aurora's `-viz_job_url_prefix`).
    public var statsUrlPrefix: String
    /// How long each automatic task transition (PENDING→ASSIGNED→STARTING→RUNNING, KILLING→KILLED…) takes.
    public var taskStepInterval: Duration
    /// How long a non-service task stays RUNNING before it becomes FINISHED; nil keeps it running.
    public var batchTaskRunTime: Duration?
    /// Environments a job key may use (Aurora's `-allowed_job_environments`), a full-match regex.
    public var allowedEnvironments: String
    /// Agent host names tasks get assigned to.
    public var hosts: [String]
    /// Name written as `TaskEvent.scheduler` on every task event.
    public var schedulerHostname: String
    /// Largest accepted `/api` request body, in bytes.
    public var maxBodyBytes: Int
    /// Whether production tasks are checked against the role's quota (as Aurora does).
    public var enforceQuota: Bool
    /// Terminal tasks kept per job before the oldest are pruned (Aurora's `-history_max_per_job_threshold`).
    public var maxTerminalTasksPerJob: Int
    /// Whether `ExecutorConfig.data` of `AuroraExecutor` tasks must be Thermos JSON the executor would load, naming
    /// this cluster and agreeing with the task's key and resources. Aurora itself never parses it; turn this on where
    /// the simulator should catch translation mistakes (see `ExecutorDataValidator`).
    public var validatesExecutorData: Bool

    /// Creates a configuration; every parameter has the default a developer would want.
    public init(
        clusterName: String = "devcluster",
        host: String = "127.0.0.1",
        port: Int = 0,
        spnego: SPNEGO? = nil,
        redirectTo: String? = nil,
        statsUrlPrefix: String = "",
        taskStepInterval: Duration = .milliseconds(200),
        batchTaskRunTime: Duration? = nil,
        allowedEnvironments: String = #"^(prod|devel|test|staging\d*)$"#,
        hosts: [String] = ["agent1.local", "agent2.local"],
        schedulerHostname: String = "scheduler.local",
        maxBodyBytes: Int = 16 * 1024 * 1024,
        enforceQuota: Bool = true,
        maxTerminalTasksPerJob: Int = 100,
        validatesExecutorData: Bool = false
    ) {
        self.clusterName = clusterName
        self.host = host
        self.port = port
        self.spnego = spnego
        self.redirectTo = redirectTo
        self.statsUrlPrefix = statsUrlPrefix
        self.taskStepInterval = taskStepInterval
        self.batchTaskRunTime = batchTaskRunTime
        self.allowedEnvironments = allowedEnvironments
        self.hosts = hosts
        self.schedulerHostname = schedulerHostname
        self.maxBodyBytes = maxBodyBytes
        self.enforceQuota = enforceQuota
        self.maxTerminalTasksPerJob = maxTerminalTasksPerJob
        self.validatesExecutorData = validatesExecutorData
    }
}

extension Duration {
    /// The duration in whole milliseconds (at least 0).
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
