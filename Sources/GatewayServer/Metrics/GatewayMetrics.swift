import CoreMetrics
import Foundation
import Metrics
public import Prometheus
import Synchronization

/// The gateway's metrics, through swift-metrics into one Prometheus registry per application (not the process-wide
/// `MetricsSystem`, so tests can run several gateways side by side). `GET /metrics` renders it.
public final class GatewayMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let lastCounts = Mutex<[String: Int]>([:])
    /// Handles by label set: making one asks the registry (a lock, name checks); requests reuse them.
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    /// Creates an empty registry with buckets for request latencies (0.5 ms … 30 s).
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                                   .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                                   .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
                                                   .seconds(10), .seconds(30)]
        self.factory = factory
    }

    /// One request answered: by operation id (or the route for non-operations) and HTTP status.
    public func request(operation: String, status: Int, duration: Duration) {
        counterHandle("aurora_gateway_requests_total", [("operation", operation), ("status", String(status))]).increment()
        timerHandle("aurora_gateway_request_duration_seconds", [("operation", operation)]).recordNanoseconds(Self.nanoseconds(duration))
    }

    /// One scheduler call answered (`responseCode`, or `TRANSPORT_ERROR` when no answer came), and how long it took.
    public func upstream(cluster: String, rpc: String, responseCode: String, duration: Duration) {
        counterHandle("aurora_gateway_scheduler_responses_total", [("cluster", cluster), ("rpc", rpc), ("response_code", responseCode)]).increment()
        timerHandle("aurora_gateway_upstream_duration_seconds", [("cluster", cluster), ("rpc", rpc)]).recordNanoseconds(Self.nanoseconds(duration))
    }

    private func counterHandle(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        Self.handle(in: counters, Self.key(label, dimensions)) { CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory) }
    }

    private func timerHandle(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        Self.handle(in: timers, Self.key(label, dimensions)) { Metrics.Timer(label: label, dimensions: dimensions, factory: factory) }
    }

    /// The cached handle for `key`, made (outside the lock) and kept the first time.
    private static func handle<Handle: Sendable>(in cache: borrowing Mutex<[String: Handle]>, _ key: String, make: () -> Handle) -> Handle {
        if let known = cache.withLock({ $0[key] }) { return known }
        let made = make()
        cache.withLock { $0[key] = made }
        return made
    }

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        var key = label
        for (name, value) in dimensions { key += "|" + name + "=" + value }
        return key
    }

    /// One audit transaction made durable, with how many records it held.
    public func auditCommit(duration: Duration, records: Int) {
        timerHandle("aurora_gateway_audit_commit_duration_seconds", []).recordNanoseconds(Self.nanoseconds(duration))
        counterHandle("aurora_gateway_audit_records_total", []).increment(by: records)
    }

    /// Sets a gauge read at scrape time (queue depths, seconds to ticket expiry).
    public func gauge(_ label: String, _ value: Double, dimensions: [(String, String)] = []) {
        Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
    }

    /// Brings a counter kept elsewhere (the directory cache's tallies) up to `total`.
    public func counter(_ label: String, total: Int, dimensions: [(String, String)] = []) {
        let key = Self.key(label, dimensions)
        let delta = lastCounts.withLock { last -> Int in
            let delta = max(0, total - (last[key] ?? 0))
            last[key] = max(total, last[key] ?? 0)
            return delta
        }
        counterHandle(label, dimensions).increment(by: delta)
    }

    /// The Prometheus text exposition.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
