import Foundation
import GatewayStore
import Hummingbird
import Kerberos
import SchedulerClient

/// `/healthz` (the process answers) and `/readyz` (it can do its job: ticket, database, clusters, directory).
struct HealthRoutes: Sendable {
    let parts: GatewayParts
    let liveness: ClusterLiveness
    let renewBefore: Duration?

    func register(on router: Router<GatewayRequestContext>) {
        router.get("/healthz") { _, _ in
            Self.json(.ok, ["status": "alive"])
        }
        router.get("/readyz") { _, _ in
            let report = await readiness()
            return Self.json(report.ready ? .ok : .serviceUnavailable, report.body)
        }
        // Load balancers and uptime monitors that probe with HEAD get the same status, without a body.
        router.head("/healthz") { _, _ in Response(status: .ok) }
        router.head("/readyz") { _, _ in Response(status: await readiness().ready ? .ok : .serviceUnavailable) }
    }

    /// Each check with `ok` and a detail; ready only when all pass.
    func readiness() async -> (ready: Bool, body: [String: Any]) {
        var checks: [String: Any] = [:]
        var ready = true
        if let credential = parts.credential {
            let status = credential.status
            let left = status.secondsToExpiry() ?? -1
            // The refresher renews at max(end - renew_before, half-life); ready unless that renewal is overdue.
            var lifetime = 0.0
            if let expires = status.expiresAt, let acquired = status.acquiredAt { lifetime = expires.timeIntervalSince(acquired) }
            let renew = renewBefore.map { Double($0.components.seconds) } ?? 0
            let needed = max(0, min(renew, lifetime / 2) - 10)
            let ok = status.isValid() && left > needed
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
        let problems = await withTaskGroup(of: (String, String?).self) { group in
            for client in parts.clusters.all {
                group.addTask { (client.cluster.name, await liveness.problem(with: client)) }
            }
            return await group.reduce(into: [(String, String?)]()) { $0.append($1) }
        }
        for (name, problem) in problems {
            if let problem {
                ready = false
                clusters[name] = ["ok": false, "error": problem]
            } else {
                clusters[name] = ["ok": true]
            }
        }
        checks["clusters"] = clusters
        let directory = await parts.directory.health()
        ready = ready && directory.ok
        checks["directory"] = ["ok": directory.ok, "kind": parts.directory.kind, "detail": directory.detail]
        return (ready, ["status": ready ? "ready" : "not_ready", "checks": checks])
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
