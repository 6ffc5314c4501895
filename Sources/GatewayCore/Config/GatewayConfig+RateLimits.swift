extension GatewayConfig {
    static let rateLimitKeys = ["reads_per_second", "reads_burst", "writes_per_second", "writes_burst", "failed_auth_per_minute"]

    /// `rate_limits:` with `reads_per_second`, `reads_burst`, `writes_per_second`, `writes_burst`, `failed_auth_per_minute`.
    static func parseRateLimits(_ root: ConfigNode) throws(ConfigError) -> RateLimits {
        var limits = RateLimits()
        guard let node = root.child("rate_limits") else { return limits }
        try node.allowOnly(rateLimitKeys)
        func rate(_ name: String, _ fallback: Double) throws(ConfigError) -> Double {
            guard let value = node.child(name) else { return fallback }
            guard let number = value.node.float, number > 0 else {
                throw ConfigError(key: node.key(name), "must be a number of requests per second above 0, e.g. 20")
            }
            return number
        }
        func count(_ name: String, _ fallback: Int) throws(ConfigError) -> Int {
            guard let number = try node.int(name) else { return fallback }
            guard number >= 1 else { throw ConfigError(key: node.key(name), "must be at least 1") }
            return number
        }
        limits.readsPerSecond = try rate("reads_per_second", limits.readsPerSecond)
        limits.readsBurst = try count("reads_burst", limits.readsBurst)
        limits.writesPerSecond = try rate("writes_per_second", limits.writesPerSecond)
        limits.writesBurst = try count("writes_burst", limits.writesBurst)
        limits.failedAuthPerMinute = try count("failed_auth_per_minute", limits.failedAuthPerMinute)
        return limits
    }
}
