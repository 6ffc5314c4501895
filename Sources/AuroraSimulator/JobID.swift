import AuroraThrift

/// A complete, validated job key usable as a dictionary key (`role/environment/name`).
struct JobID: Hashable, Comparable, Sendable, CustomStringConvertible {
    let role: String
    let environment: String
    let name: String

    /// Builds the id when every part of `key` is present (validity is checked separately).
    init?(_ key: JobKey?) {
        guard let role = key?.role, let environment = key?.environment, let name = key?.name else { return nil }
        self.init(role: role, environment: environment, name: name)
    }

    init(role: String, environment: String, name: String) {
        self.role = role
        self.environment = environment
        self.name = name
    }

    var key: JobKey { JobKey(role: role, environment: environment, name: name) }

    /// Aurora's `JobKeys.canonicalString`.
    var description: String { "\(role)/\(environment)/\(name)" }

    static func < (lhs: JobID, rhs: JobID) -> Bool {
        (lhs.role, lhs.environment, lhs.name) < (rhs.role, rhs.environment, rhs.name)
    }
}
