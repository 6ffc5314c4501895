import AuroraThrift

/// The stock `tiers.json` of an Aurora scheduler: `preferred` (production), `preemptible` (default), `revocable`.
struct Tier: Sendable {
    let name: String
    let preemptible: Bool
    let revocable: Bool

    static let defaultName = "preemptible"
    static let all: [Tier] = [
        Tier(name: "preferred", preemptible: false, revocable: false),
        Tier(name: "preemptible", preemptible: true, revocable: false),
        Tier(name: "revocable", preemptible: true, revocable: true),
    ]

    static func named(_ name: String) -> Tier? {
        all.first { $0.name == name }
    }

    /// Production tasks are those of a tier that is neither preemptible nor revocable.
    var isProduction: Bool { !preemptible && !revocable }

    var thrift: TierConfig {
        TierConfig(name: name, settings: ["preemptible": String(preemptible), "revocable": String(revocable)])
    }
}
