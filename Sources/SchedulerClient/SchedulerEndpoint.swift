import Foundation

/// The scheduler's `/api` URL and the host whose service principal answers there.
struct SchedulerEndpoint: Sendable, Equatable {
    /// The full API URL.
    let apiURL: String
    /// The host part, used for the default `HTTP/<host>@REALM`.
    let host: String

    /// `<scheduler_uri>/api`, keeping any path prefix (a reverse proxy at `https://h/aurora` → `https://h/aurora/api`).
    init(schedulerURI: String, cluster: String) throws(SchedulerError) {
        guard let url = URL(string: schedulerURI), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw .invalidConfiguration(cluster: cluster, detail: "scheduler_uri \"\(schedulerURI)\" is not an http:// or https:// URL with a host")
        }
        var base = schedulerURI
        while base.hasSuffix("/") { base.removeLast() }
        apiURL = base + "/api"
        self.host = host
    }

    /// An endpoint for a redirect target (`Location` of a 307).
    init?(redirect: String) {
        guard let url = URL(string: redirect), let host = url.host, !host.isEmpty,
              let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else { return nil }
        apiURL = redirect
        self.host = host
    }
}
