import AuroraThrift
import GatewayCore

extension APIHandler {
    /// Views for a configured cluster (404 naming the configured ones otherwise).
    func views(_ cluster: String) throws(GatewayProblem) -> JobViews {
        JobViews(cluster: try scheduler.client(cluster).cluster)
    }
}
