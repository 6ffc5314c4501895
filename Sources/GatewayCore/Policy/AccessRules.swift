import Synchronization

/// The part of the config that decides who may do what — the policy with its admin groups, and the service
/// accounts — held so SIGHUP can swap it for all readers at once; each request sees one consistent version.
public final class AccessRules: Sendable {
    /// One version of the rules.
    public struct Version: Sendable {
        /// Policy rules and admin groups.
        public let policy: PolicyEvaluator
        /// Service account name → groups.
        public let serviceAccounts: [String: [String]]

        /// Builds a version from the config's policy, admin groups and service accounts.
        public init(policy: [PolicyRule], adminGroups: [String], serviceAccounts: [ServiceAccount]) {
            self.policy = PolicyEvaluator(rules: policy, adminGroups: adminGroups)
            self.serviceAccounts = Dictionary(serviceAccounts.map { ($0.name, $0.groups) }, uniquingKeysWith: { first, _ in first })
        }

        /// Builds a version around an existing evaluator.
        public init(policy: PolicyEvaluator, serviceAccounts: [ServiceAccount] = []) {
            self.policy = policy
            self.serviceAccounts = Dictionary(serviceAccounts.map { ($0.name, $0.groups) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private let state: Mutex<Version>

    /// Starts with `version`.
    public init(_ version: Version) { state = Mutex(version) }

    /// The rules in force.
    public var current: Version { state.withLock { $0 } }

    /// Puts `version` in force for every request that starts from now on.
    public func replace(_ version: Version) { state.withLock { $0 = version } }
}
