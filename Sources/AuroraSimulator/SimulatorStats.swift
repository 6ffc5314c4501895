import Synchronization

/// Request counters of one simulator, served as JSON by `GET /sim/stats`.
public final class SimulatorStats: Sendable {
    /// A point-in-time copy of the counters.
    public struct Snapshot: Sendable, Equatable, Codable {
        /// `/api` requests received (including redirected and rejected ones).
        public var requests: Int = 0
        /// Thrift calls decoded, per method name.
        public var methods: [String: Int] = [:]
        /// Requests rejected with HTTP 400 or 401 by the SPNEGO check.
        public var authFailures: Int = 0
        /// Requests a `Fault` was applied to.
        public var faultsInjected: Int = 0
        /// Requests answered `307` because the simulator is not the leader.
        public var redirects: Int = 0

        enum CodingKeys: String, CodingKey {
            case requests, methods, redirects
            case authFailures = "auth_failures"
            case faultsInjected = "faults_injected"
        }
    }

    private let counters = Mutex(Snapshot())

    /// Creates zeroed counters.
    public init() {}

    /// The current counters.
    public func snapshot() -> Snapshot {
        counters.withLock { $0 }
    }

    func record(_ update: (inout Snapshot) -> Void) {
        counters.withLock { update(&$0) }
    }
}
