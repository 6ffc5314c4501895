
import Foundation
import GatewayCore
import GatewayStore
import Hummingbird

/// `GET /metrics`: Prometheus text. Values kept elsewhere (ticket expiry, queue depths, directory tallies) are
/// read at scrape time. With `metrics.token_file` set, the scrape must send `Authorization: Bearer <that token>`.
struct MetricsRoute: Sendable {
    let metrics: GatewayMetrics
    let parts: GatewayParts
    let limiter: RateLimiter
    let webhooksConfigured: Bool
    let requiredToken: [UInt8]?

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/metrics") { request, _ in
            if let requiredToken {
                let sent = Array((request.headers[.authorization] ?? "").utf8)
                let expected = Array("Bearer ".utf8) + requiredToken
                guard sent.count == expected.count, Self.constantTimeEqual(sent, expected) else {
                    throw GatewayProblem(status: 401, kind: "unauthenticated", title: "Unauthorized",
                                         detail: "/metrics needs Authorization: Bearer <the token in metrics.token_file>")
                }
            }
            await refresh()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }

    /// Copies the values other parts keep into gauges and counters.
    func refresh() async {
        if let credential = parts.credential {
            metrics.gauge("aurora_gateway_ticket_seconds_to_expiry", credential.status.secondsToExpiry() ?? 0)
        }
        if let audit = parts.audit as? SQLiteAuditLog {
            metrics.gauge("aurora_gateway_audit_queue_depth", Double(audit.queueDepth))
        }
        let refused = limiter.refused
        for (kind, total) in [("read", refused.reads), ("write", refused.writes), ("auth", refused.failedAuthentications)] {
            metrics.counter("aurora_gateway_rate_limited_total", total: total, dimensions: [("kind", kind)])
        }
        let tallies = parts.directory.tallies
        for (result, total) in [("hit", tallies.hits), ("miss", tallies.misses), ("stale", tallies.stale), ("error", tallies.errors)] {
            metrics.counter("aurora_gateway_directory_lookups_total", total: total, dimensions: [("result", result)])
        }
        if webhooksConfigured, let queued = try? await parts.webhooks.queued(limit: 100_000) {
            metrics.gauge("aurora_gateway_webhook_queue_depth", Double(queued.count))
        }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0 && a.count == b.count
    }

    /// The token from `metrics.token_file`, trimmed; nil when none is configured.
    static func loadToken(_ path: String?) throws(ConfigError) -> [UInt8]? {
        guard let path else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(key: "metrics.token_file", "\(path) cannot be read: give the gateway's user read permission")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ConfigError(key: "metrics.token_file", "\(path) is empty: put the scrape token in it") }
        return Array(token.utf8)
    }
}
