import Foundation
import GatewayStore
import Hummingbird
import Kerberos
import SchedulerClient

/// `/healthz` (the process answers) and `/readyz` (it can do its job: ticket, database, clusters).
struct HealthRoutes: Sendable {
    let parts: GatewayParts
    let liveness: ClusterLiveness
    let renewBefore: Duration?

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            Self.json(.ok, ["status": "alive"])
        }
        router.get("/readyz") { _, _ in
            let report = await readiness()
            return Self.json(report.ready ? .ok : .serviceUnavailable, report.body)
        }
    }

    /// Each check with `ok` and a detail; ready only when all pass.
    func readiness() async -> (ready: Bool, body: [String: Any]) {
        var checks: [String: Any] = [:]
        var ready = true
        if let credential = parts.credential {
            let status = credential.status
            let left = status.secondsToExpiry() ?? -1
            let needed = renewBefore.map { Double($0.components.seconds) } ?? 0
            let ok = left > needed
            ready = ready && ok
            var entry: [String: Any] = ["ok": ok, "principal": status.principal, "seconds_to_expiry": Int(left)]
            if let expires = status.expiresAt { entry["expires_at"] = ISO8601DateFormatter().string(from: expires) }
            if let error = status.lastError { entry["error"] = error.description }
            checks["kerberos"] = entry
        }
        do {
            try await parts.database.checkWritable()
            checks["database"] = ["ok": true, "path": parts.database.path]
        } catch {
            ready = false
            checks["database"] = ["ok": false, "path": parts.database.path, "error": error.description]
        }
        var clusters: [String: Any] = [:]
        for client in parts.clusters.all {
            if let problem = await liveness.problem(with: client) {
                ready = false
                clusters[client.cluster.name] = ["ok": false, "error": problem]
            } else {
                clusters[client.cluster.name] = ["ok": true]
            }
        }
        checks["clusters"] = clusters
        return (ready, ["status": ready ? "ready" : "not_ready", "checks": checks])
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
