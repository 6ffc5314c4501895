/// Why a sandbox command could not run; each case says what to fix.
public enum SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host offered a key that known_hosts does not list for it.
    case hostKeyUnknown(host: String, offered: String)
    /// known_hosts pins other keys for the host.
    case hostKeyMismatch(host: String, offered: String)
    /// known_hosts marks the offered key `@revoked`.
    case hostKeyRevoked(host: String, offered: String)
    /// The host refused the gateway's key for the user.
    case keyRefused(user: String, host: String, key: String)
    /// No TCP connection or SSH session could be made.
    case connectFailed(host: String, reason: String)
    /// The command outlived its timeout and was stopped.
    case timedOut(host: String, seconds: Int)
    /// Anything else the SSH exchange reported.
    case protocolError(host: String, reason: String)
    /// `sandbox.max_sessions` commands are already running.
    case busy(limit: Int)

    /// What went wrong and what to do, for the problem answer and the audit record.
    public var description: String {
        switch self {
        case .hostKeyUnknown(let host, let offered):
            return "\(host) offered host key \(offered), which the gateway's known_hosts does not list for it: after checking the fingerprint out of band, add the host's line (ssh-keyscan -t ed25519 [-p PORT] HOST) to sandbox.known_hosts"
        case .hostKeyMismatch(let host, let offered):
            return "\(host) offered host key \(offered), but the gateway's known_hosts pins other keys for it: the host was reinstalled or someone is in the middle; check it, then fix its line in sandbox.known_hosts"
        case .hostKeyRevoked(let host, let offered):
            return "\(host) offered host key \(offered), which the gateway's known_hosts marks @revoked"
        case .keyRefused(let user, let host, let key):
            return "\(host) refused the gateway's key for \(user): add \(key) to ~\(user)/.ssh/authorized_keys on the agents"
        case .connectFailed(let host, let reason):
            return "cannot reach \(host) over SSH: \(reason)"
        case .timedOut(let host, let seconds):
            return "the command on \(host) was still running after \(seconds) s and was stopped: raise timeout (at most sandbox.max_run_timeout) or run it in the background"
        case .protocolError(let host, let reason):
            return "the SSH exchange with \(host) failed: \(reason)"
        case .busy(let limit):
            return "\(limit) sandbox commands are already running (sandbox.max_sessions): retry when one has ended"
        }
    }
}
