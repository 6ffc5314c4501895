/// How an operation is reached over REST: method, path template, and where named JSON-RPC params go. The JSON-RPC
/// front end turns a call into exactly this REST request and runs it through the same router, so both front ends
/// share validation, authorization, audit and answers.
struct RESTBinding: Sendable {
    /// How the request body is made from the params.
    enum Body: Sendable {
        /// No body; params not used in the path go to the query string.
        case none
        /// The value of one param is the body (`spec` for job.create).
        case param(String)
        /// The params not used in the path form the body object.
        case rest
    }

    let method: String
    let path: String
    let body: Body

    /// Path parameter names in order (`{cluster}` …).
    var pathParameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    static let job = "/v1/clusters/{cluster}/jobs/{role}/{env}/{name}"

    /// Every operation with its binding (contract §3).
    static let all: [String: RESTBinding] = [
        "clusters.list": .init(method: "GET", path: "/v1/clusters", body: .none),
        "roles.list": .init(method: "GET", path: "/v1/clusters/{cluster}/roles", body: .none),
        "jobs.list": .init(method: "GET", path: "/v1/clusters/{cluster}/roles/{role}/jobs", body: .none),
        "quota.get": .init(method: "GET", path: "/v1/clusters/{cluster}/roles/{role}/quota", body: .none),
        "quota.set": .init(method: "PUT", path: "/v1/clusters/{cluster}/roles/{role}/quota", body: .rest),
        "job.create": .init(method: "POST", path: job, body: .param("spec")),
        "job.get": .init(method: "GET", path: job, body: .none),
        "job.kill": .init(method: "DELETE", path: job, body: .none),
        "job.killInstances": .init(method: "POST", path: job + "/kill", body: .rest),
        "job.restart": .init(method: "POST", path: job + "/restart", body: .rest),
        "job.addInstances": .init(method: "POST", path: job + "/instances", body: .rest),
        "tasks.list": .init(method: "GET", path: job + "/tasks", body: .none),
        "tasks.pendingReasons": .init(method: "GET", path: job + "/pending-reasons", body: .none),
        "job.inspect": .init(method: "POST", path: job + "/inspect", body: .param("spec")),
        "job.diff": .init(method: "POST", path: job + "/diff", body: .param("spec")),
        "updates.list": .init(method: "GET", path: job + "/updates", body: .none),
        "update.start": .init(method: "POST", path: job + "/updates", body: .rest),
        "update.get": .init(method: "GET", path: job + "/updates/{id}", body: .none),
        "update.pause": .init(method: "POST", path: job + "/updates/{id}/pause", body: .rest),
        "update.resume": .init(method: "POST", path: job + "/updates/{id}/resume", body: .rest),
        "update.abort": .init(method: "POST", path: job + "/updates/{id}/abort", body: .rest),
        "update.rollback": .init(method: "POST", path: job + "/updates/{id}/rollback", body: .rest),
        "update.pulse": .init(method: "POST", path: job + "/updates/{id}/pulse", body: .rest),
        "cron.schedule": .init(method: "PUT", path: job + "/cron", body: .param("spec")),
        "cron.deschedule": .init(method: "DELETE", path: job + "/cron", body: .none),
        "cron.run": .init(method: "POST", path: job + "/cron/run", body: .rest),
        "maintenance.status": .init(method: "GET", path: "/v1/clusters/{cluster}/maintenance", body: .none),
        "maintenance.set": .init(method: "POST", path: "/v1/clusters/{cluster}/maintenance", body: .rest),
        "task.run": .init(method: "POST", path: job + "/instances/{instance}/run", body: .rest),
        "task.logs": .init(method: "GET", path: job + "/instances/{instance}/logs/{process}/{stream}", body: .none),
        "me": .init(method: "GET", path: "/v1/me", body: .none),
        "tokens.create": .init(method: "POST", path: "/v1/tokens", body: .rest),
        "tokens.list": .init(method: "GET", path: "/v1/tokens", body: .none),
        "tokens.get": .init(method: "GET", path: "/v1/tokens/{id}", body: .none),
        "tokens.revoke": .init(method: "DELETE", path: "/v1/tokens/{id}", body: .none),
        "audit.list": .init(method: "GET", path: "/v1/audit", body: .none),
    ]
}
