/// When a scheduler call is tried again: reads on any transient failure, every call on
/// `ERROR_TRANSIENT`, writes only when they provably never reached the scheduler.
struct RetryPolicy: Sendable {
    /// The first pause; it doubles up to `maxBackoff`.
    var initialBackoff: Duration = .milliseconds(100)
    /// The longest pause between tries.
    var maxBackoff: Duration = .seconds(2)

    /// Whether this failure of a call with this read-only-ness may be retried.
    func mayRetry(_ error: SchedulerError, readOnly: Bool) -> Bool {
        if case .transport(_, let transport) = error {
            switch transport {
            case .tls, .invalidURL, .authorizationFailed: return false   // retrying cannot fix these
            default: if transport.neverReachedServer { return true }
            }
        } else if error.neverReachedScheduler {
            return false
        }
        return readOnly && error.isTransient
    }

    /// The pause before try number `attempt + 1` (attempt counts from 1).
    func backoff(after attempt: Int) -> Duration {
        var pause = initialBackoff
        for _ in 1..<max(1, attempt) where pause < maxBackoff { pause *= 2 }
        return min(pause, maxBackoff)
    }
}
