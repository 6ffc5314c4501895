import GatewayCore
import HTTPTransport
import Sandbox
import SchedulerClient

/// What `task.run` and `task.logs` reach agents with: SSH (when `sandbox:` is configured) and each cluster's
/// Thermos observer (when it has `observer_port`).
struct SandboxAccess: Sendable {
    /// The gateway's SSH runner and its settings.
    struct SSH: Sendable {
        /// Runs `task.run` commands.
        let runner: any SandboxRunner
        /// Reads logs for `task.logs`: its own sessions, so that readers cannot take every slot `task.run` needs.
        let logRunner: any SandboxRunner
        let settings: SandboxSettings
    }

    let ssh: SSH?
    let http: any HTTPClient

    /// The observer reader for a cluster that has one.
    func observer(_ cluster: ClusterConfig) -> ThermosObserverLogs? {
        cluster.observerPort.map { ThermosObserverLogs(http: http, port: $0) }
    }

    /// Loads the key and known_hosts named by `settings` (a configuration error names the key and the file).
    static func make(_ settings: SandboxSettings?, http: any HTTPClient) throws(ConfigError) -> SandboxAccess {
        guard let settings else { return SandboxAccess(ssh: nil, http: http) }
        let runner = try SSHSandboxRunner(settings: settings)
        return SandboxAccess(ssh: SSH(runner: runner, logRunner: runner.withOwnSessions(), settings: settings), http: http)
    }
}
