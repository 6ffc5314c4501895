import AuroraThrift
import GatewayCore

extension APIHandler {
    /// Views for a configured cluster (404 naming the configured ones otherwise).
    func views(_ cluster: String) throws(GatewayProblem) -> JobViews {
        JobViews(cluster: try scheduler.client(cluster).cluster)
    }

    /// The job's summary from the scheduler (active tasks or a cron template), nil when it has none.
    func findJob(_ cluster: String, _ key: JobKey) async throws(GatewayProblem) -> JobSummary? {
        let response = try await scheduler.call(cluster, GetJobSummaryArgs(role: key.role), subject: "role \(key.role ?? "")")
        guard case .jobSummaryResult(let result)? = response.result else { return nil }
        return (result.summaries ?? []).first { $0.job?.key?.environment == key.environment && $0.job?.key?.name == key.name }
    }
}
