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
        Counter(label: "aurora_gateway_requests_total", dimensions: [("operation", operation), ("status", String(status))], factory: factory)
            .increment()
        Metrics.Timer(label: "aurora_gateway_request_duration_seconds", dimensions: [("operation", operation)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// One scheduler call answered (`responseCode`, or `TRANSPORT_ERROR` when no answer came), and how long it took.
    public func upstream(cluster: String, rpc: String, responseCode: String, duration: Duration) {
        Counter(label: "aurora_gateway_scheduler_responses_total",
                dimensions: [("cluster", cluster), ("rpc", rpc), ("response_code", responseCode)], factory: factory).increment()
        Metrics.Timer(label: "aurora_gateway_upstream_duration_seconds", dimensions: [("cluster", cluster), ("rpc", rpc)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
    }

    /// A request refused by a rate limit (`read`, `write` or `auth` for failed authentications per address).
    public func rateLimited(kind: String) {
        Counter(label: "aurora_gateway_rate_limited_total", dimensions: [("kind", kind)], factory: factory).increment()
    }

    /// One audit transaction made durable, with how many records it held.
    public func auditCommit(duration: Duration, records: Int) {
        Metrics.Timer(label: "aurora_gateway_audit_commit_duration_seconds", factory: factory).recordNanoseconds(Self.nanoseconds(duration))
        Counter(label: "aurora_gateway_audit_records_total", factory: factory).increment(by: records)
    }

    /// Sets a gauge read at scrape time (queue depths, seconds to ticket expiry).
    public func gauge(_ label: String, _ value: Double, dimensions: [(String, String)] = []) {
        Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
    }

    /// Brings a counter kept elsewhere (the directory cache's tallies) up to `total`.
    public func counter(_ label: String, total: Int, dimensions: [(String, String)] = []) {
        let key = label + dimensions.map { "|\($0.0)=\($0.1)" }.joined()
        let delta = lastCounts.withLock { last -> Int in
            let delta = max(0, total - (last[key] ?? 0))
            last[key] = max(total, last[key] ?? 0)
            return delta
        }
        Counter(label: label, dimensions: dimensions, factory: factory).increment(by: delta)
    }

    /// The Prometheus text exposition.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
