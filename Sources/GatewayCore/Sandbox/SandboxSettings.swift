/// `sandbox:` — how the gateway reaches task sandboxes for `task.run` and `task.logs`: one SSH key that admins
/// install once in the role accounts, and the agents' host keys pinned in a known_hosts file.
public struct SandboxSettings: Sendable, Equatable {
    /// The gateway's private key (OpenSSH format, unencrypted, ed25519 or ECDSA).
    public var sshKey: String
    /// The agents' host keys; never written (no trust on first use).
    public var knownHosts: String
    /// The account to log in as; nil means the job's role, as `aurora task run` does.
    public var sshUser: String?
    /// The agents' SSH port.
    public var sshPort: Int
    /// How long connecting and authenticating may take.
    public var connectTimeout: Duration
    /// `task.run`'s timeout when the request names none.
    public var runTimeout: Duration
    /// The longest `timeout` a request may ask for.
    public var maxRunTimeout: Duration
    /// The most bytes of stdout (and of stderr) a `task.run` answer carries.
    public var maxOutputBytes: Int
    /// How many SSH sessions may be open at once; more calls get 503 until one ends.
    public var maxSessions: Int
    /// How long a connection to an agent stays open after its last command for the next one to reuse; zero: none kept.
    public var connectionIdleTimeout: Duration

    /// Creates settings with the defaults: role as user, port 22, 10 s to connect, 60 s per command (at most 10 min), 1 MiB of
    /// output, 8 sessions at once, connections kept 30 s after their last command.
    public init(sshKey: String, knownHosts: String, sshUser: String? = nil, sshPort: Int = 22, connectTimeout: Duration = .seconds(10),
                runTimeout: Duration = .seconds(60), maxRunTimeout: Duration = .seconds(600), maxOutputBytes: Int = 1 << 20,
                maxSessions: Int = 8, connectionIdleTimeout: Duration = .seconds(30)) {
        self.connectionIdleTimeout = connectionIdleTimeout
        self.sshKey = sshKey
        self.knownHosts = knownHosts
        self.sshUser = sshUser
        self.sshPort = sshPort
        self.connectTimeout = connectTimeout
        self.runTimeout = runTimeout
        self.maxRunTimeout = maxRunTimeout
        self.maxOutputBytes = maxOutputBytes
        self.maxSessions = maxSessions
    }
}
