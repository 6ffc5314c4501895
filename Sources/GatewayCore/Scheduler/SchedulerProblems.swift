public import AuroraThrift
public import SchedulerClient

/// How scheduler answers and failures become HTTP problems (contract: API issue, errors).
public enum SchedulerProblems {
    /// An answer other than `OK`: the scheduler's own messages are passed through.
    public static func problem(for response: Response, rpc: String, cluster: String, subject: String, principal: String?) -> GatewayProblem {
        let message = response.message.isEmpty ? "no details" : response.message
        let code = response.responseCode ?? .error
        switch code {
        case .invalidRequest:
            if rpc == "createJob" && message.contains("already exists") {
                return GatewayProblem(status: 409, kind: "conflict", title: "Conflict",
                                      detail: "\(subject) already exists on cluster \(cluster) (scheduler: \(message)): update it with POST …/updates, or kill it first")
            }
            return GatewayProblem(status: 400, kind: "scheduler-invalid-request", title: "Rejected by the scheduler",
                                  detail: "the scheduler of \(cluster) rejected \(rpc) for \(subject): \(message)")
        case .jobUpdatingError:
            return GatewayProblem(status: 409, kind: "job-updating", title: "Conflict",
                                  detail: "\(subject) is being updated, so \(rpc) is refused (scheduler: \(message)): wait for the update, or pause or abort it")
        case .authFailed:
            let who = principal.map { "the gateway's principal \($0)" } ?? "the gateway"
            return GatewayProblem(status: 502, kind: "scheduler-permission", title: "The gateway lacks a scheduler permission",
                                  detail: "the scheduler of \(cluster) refused \(rpc) on \(subject) to \(who) (AUTH_FAILED: \(message)): the scheduler's operators must grant it thrift.AuroraSchedulerManager:\(rpc) (your own rights are fine)")
        case .errorTransient:
            return GatewayProblem(status: 503, kind: "scheduler-transient", title: "Scheduler temporarily unavailable",
                                  detail: "the scheduler of \(cluster) could not do \(rpc) right now (ERROR_TRANSIENT: \(message)): retry shortly",
                                  headers: ["Retry-After": "5"])
        default:
            return GatewayProblem(status: 502, kind: "scheduler-error", title: "Scheduler error",
                                  detail: "the scheduler of \(cluster) failed \(rpc) on \(subject) (\(code.description): \(message))")
        }
    }

    /// A failure to get any answer.
    public static func problem(for error: SchedulerError, rpc: String) -> GatewayProblem {
        switch error {
        case .transport(_, let transport):
            if case .timeout = transport {
                return GatewayProblem(status: 504, kind: "scheduler-timeout", title: "Scheduler timeout",
                                      detail: "\(error.description); \(rpc) may or may not have been applied: check before retrying a write")
            }
            return GatewayProblem(status: 503, kind: "scheduler-unreachable", title: "Scheduler unreachable",
                                  detail: "\(error.description)\(error.neverReachedScheduler ? "; nothing was sent" : ""): retry shortly",
                                  headers: ["Retry-After": "5"])
        case .unavailable:
            return GatewayProblem(status: 503, kind: "scheduler-unavailable", title: "Scheduler unavailable",
                                  detail: "\(error.description): retry shortly", headers: ["Retry-After": "5"])
        case .kerberos where error.isKDCOutage:
            // The ticket ended while no KDC answers: an outage, not a misconfiguration; the request went nowhere.
            return GatewayProblem(status: 503, kind: "kerberos-unavailable", title: "Kerberos unavailable",
                                  detail: "\(error.description); nothing was sent to the scheduler: retry once the KDC answers again",
                                  headers: ["Retry-After": "30"])
        case .unknownCluster:
            return .notFound(error.description)
        default:
            return GatewayProblem(status: 502, kind: "scheduler-error", title: "Scheduler error", detail: error.description)
        }
    }
}
