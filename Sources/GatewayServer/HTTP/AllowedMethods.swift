import GatewayCore

/// Which methods a path takes, so a known path asked with the wrong method gets 405 and `Allow` instead of 404.
enum AllowedMethods {
    /// Routes outside the operation catalogue (health, metrics, docs, JSON-RPC, the webhook).
    static let fixedRoutes: [(method: String, path: String)] = [
        ("GET", "/healthz"), ("HEAD", "/healthz"), ("GET", "/readyz"), ("HEAD", "/readyz"), ("GET", "/metrics"), ("GET", "/openapi.yaml"), ("GET", "/docs"),
        ("POST", "/v1/rpc"), ("POST", "/v1/webhooks/github"),
    ]

    /// Every (method, path template) the gateway serves.
    static let routes: [(method: String, segments: [Substring])] =
        (fixedRoutes + RESTBinding.all.values.map { ($0.method, $0.path) }).map { ($0.method, $0.path.split(separator: "/")) }

    /// The methods `path` is served with, sorted; empty when no route has this shape.
    static func methods(for path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path.hasPrefix("/"), !parts.contains(where: \.isEmpty) else { return [] }
        var found = Set<String>()
        for route in routes where route.segments.count == parts.count && !found.contains(route.method) {
            let matches = zip(route.segments, parts).allSatisfy { template, part in
                template.first == "{" || template == part
            }
            if matches { found.insert(route.method) }
        }
        return found.sorted()
    }

    /// The 405 answer for `method` on `path`, or nil when the path is unknown (a 404) or takes this method.
    static func problem(method: String, path: String) -> GatewayProblem? {
        let allowed = methods(for: path)
        guard !allowed.isEmpty, !allowed.contains(method) else { return nil }
        let list = allowed.joined(separator: ", ")
        return GatewayProblem(status: 405, kind: "method-not-allowed", title: "Method not allowed",
                              detail: "\(path) does not take \(method): use \(list) (see /openapi.yaml)",
                              headers: ["Allow": list])
    }
}
