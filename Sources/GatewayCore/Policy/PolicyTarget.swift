/// What an operation acts on: `cluster/role/env/job`, with trailing parts absent for cluster- or role-wide operations.
public struct PolicyTarget: Sendable, Equatable, CustomStringConvertible {
    /// The cluster, or nil for operations across clusters.
    public var cluster: String?
    /// The Aurora role.
    public var role: String?
    /// The environment.
    public var environment: String?
    /// The job name.
    public var job: String?

    /// Creates a target.
    public init(cluster: String? = nil, role: String? = nil, environment: String? = nil, job: String? = nil) {
        self.cluster = cluster
        self.role = role
        self.environment = environment
        self.job = job
    }

    var parts: [String?] { [cluster, role, environment, job] }

    public var description: String { parts.map { $0 ?? "*" }.joined(separator: "/") }

    /// Whether a `cluster/role/env/job` glob covers this target. An absent part means "all of them",
    /// so only a `*` glob covers it: a rule for `build/mesostest/devel/*` does not cover listing every job of `mesostest`.
    public func isCovered(by scope: String) -> Bool {
        let globs = scope.split(separator: "/", omittingEmptySubsequences: false).map { Glob(String($0)) }
        guard globs.count == 4 else { return false }
        for (glob, part) in zip(globs, parts) {
            if let part {
                guard glob.matches(part) else { return false }
            } else if !glob.isWildcard {
                return false
            }
        }
        return true
    }
}
