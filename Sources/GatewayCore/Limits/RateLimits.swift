/// `rate_limits:` — token buckets per token for reads and writes, and failed authentications per source address.
public struct RateLimits: Sendable, Equatable {
    /// Sustained reads (GET) per second per token.
    public var readsPerSecond: Double
    /// Read burst per token.
    public var readsBurst: Int
    /// Sustained writes per second per token.
    public var writesPerSecond: Double
    /// Write burst per token.
    public var writesBurst: Int
    /// Failed authentications per source address per minute before 429.
    public var failedAuthPerMinute: Int

    /// Creates limits; the defaults are the documented ones.
    public init(readsPerSecond: Double = 20, readsBurst: Int = 40, writesPerSecond: Double = 5, writesBurst: Int = 10,
                failedAuthPerMinute: Int = 10) {
        self.readsPerSecond = readsPerSecond
        self.readsBurst = readsBurst
        self.writesPerSecond = writesPerSecond
        self.writesBurst = writesBurst
        self.failedAuthPerMinute = failedAuthPerMinute
    }
}
