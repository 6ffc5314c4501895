public import Foundation
import Synchronization

/// Token buckets per (token, read/write) and a sliding one-minute window of failed authentications per
/// source address. In memory: limits reset when the gateway restarts.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let limits: RateLimits
    private let buckets = Mutex<[String: Bucket]>([:])
    private let failures = Mutex<[String: [Date]]>([:])
    private let refusals = Mutex(Refusals())

    /// Requests refused since start, by limit (for `/metrics`, whichever front end the request came through).
    public struct Refusals: Sendable, Equatable {
        /// Token read buckets that were empty.
        public var reads = 0
        /// Token write buckets that were empty.
        public var writes = 0
        /// Addresses over `failed_auth_per_minute`.
        public var failedAuthentications = 0
    }

    /// Refusals since start.
    public var refused: Refusals { refusals.withLock { $0 } }

    /// Creates a limiter.
    public init(limits: RateLimits) { self.limits = limits }

    /// Takes one request from the token's bucket; throws 429 with `Retry-After` when it is empty.
    public func admit(tokenID: String, write: Bool, now: Date = Date()) throws(GatewayProblem) {
        let rate = write ? limits.writesPerSecond : limits.readsPerSecond
        let burst = Double(write ? limits.writesBurst : limits.readsBurst)
        let key = (write ? "w:" : "r:") + tokenID
        let wait: Double? = buckets.withLock { all in
            var bucket = all[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * rate)
            bucket.updated = now
            defer { all[key] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / max(rate, 0.001) }
            bucket.tokens -= 1
            return nil
        }
        if let wait {
            refusals.withLock { if write { $0.writes += 1 } else { $0.reads += 1 } }
            let kind = write ? "writes" : "reads"
            throw .tooManyRequests("token \(tokenID) is over its \(kind) limit (\(Self.format(rate))/s, burst \(Int(burst))): slow down and retry after the Retry-After seconds",
                                   retryAfter: Int(wait.rounded(.up)))
        }
    }

    /// Throws 429 when the address has failed authentication too often in the last minute.
    public func checkFailures(from address: String, now: Date = Date()) throws(GatewayProblem) {
        let recent = failures.withLock { all -> [Date] in
            let kept = (all[address] ?? []).filter { now.timeIntervalSince($0) < 60 }
            all[address] = kept.isEmpty ? nil : kept
            return kept
        }
        if recent.count >= limits.failedAuthPerMinute, let oldest = recent.first {
            refusals.withLock { $0.failedAuthentications += 1 }
            throw .tooManyRequests("\(recent.count) failed authentications from \(address) in the last minute: check the token, then retry after the Retry-After seconds",
                                   retryAfter: Int((60 - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    /// Counts one failed authentication from the address.
    public func recordFailure(from address: String, now: Date = Date()) {
        failures.withLock { all in
            var list = (all[address] ?? []).filter { now.timeIntervalSince($0) < 60 }
            list.append(now)
            if list.count > limits.failedAuthPerMinute * 2 { list.removeFirst(list.count - limits.failedAuthPerMinute * 2) }
            all[address] = list
        }
        pruneIfLarge(now: now)
    }

    private func pruneIfLarge(now: Date) {
        failures.withLock { all in
            guard all.count > 10_000 else { return }
            all = all.filter { $0.value.contains { now.timeIntervalSince($0) < 60 } }
        }
    }

    private static func format(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }
}
