/// Runs a shell command on an agent as a given user: the boundary behind `task.run` and the SSH path of `task.logs`.
public protocol SandboxRunner: Sendable {
    /// Runs `command` (shell text) on `host` as `user`, within `timeout` plus a short grace; throws `SandboxError`.
    func run(_ command: String, host: String, user: String, timeout: Duration, maxOutputBytes: Int) async throws(SandboxError) -> SandboxRunResult
}

/// What a remote command did.
public struct SandboxRunResult: Sendable, Equatable {
    /// The exit status, or 128 + the signal number when a signal ended it (as a shell reports it).
    public var exitStatus: Int
    /// The first `maxOutputBytes` of stdout.
    public var stdout: [UInt8]
    /// The first `maxOutputBytes` of stderr.
    public var stderr: [UInt8]
    /// Whether either stream was cut.
    public var truncated: Bool
    /// How long the command had from its session opening to its exit, when known.
    public var elapsed: Duration?

    /// Creates a result.
    public init(exitStatus: Int, stdout: [UInt8], stderr: [UInt8], truncated: Bool, elapsed: Duration? = nil) {
        self.exitStatus = exitStatus
        self.stdout = stdout
        self.stderr = stderr
        self.truncated = truncated
        self.elapsed = elapsed
    }
}
