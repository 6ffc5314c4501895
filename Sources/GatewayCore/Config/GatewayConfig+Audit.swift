extension GatewayConfig {
    static let auditKeys = ["reads", "retention"]

    /// `audit:` with `reads` (`metadata` or `full`) and `retention` (a duration, or `forever`).
    static func parseAudit(_ root: ConfigNode) throws(ConfigError) -> AuditSettings {
        var settings = AuditSettings()
        guard let node = root.child("audit") else { return settings }
        try node.allowOnly(auditKeys)
        if let reads = try node.string("reads") {
            guard let level = AuditSettings.Reads(rawValue: reads) else {
                throw ConfigError(key: "audit.reads", "\"\(reads)\" is not metadata or full")
            }
            settings.reads = level
        }
        if let retention = try node.string("retention") {
            if retention == "forever" {
                settings.retention = nil
            } else {
                guard let duration = try node.duration("retention"), duration >= .seconds(86_400) else {
                    throw ConfigError(key: "audit.retention", "\"\(retention)\" must be at least 1d (e.g. 400d), or forever")
                }
                settings.retention = duration
            }
        }
        return settings
    }
}
