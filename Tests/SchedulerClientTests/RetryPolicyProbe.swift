@testable import SchedulerClient

/// Reads the internal retry schedule for the tests.
enum RetryPolicyProbe {
    static func backoffs() -> [Duration] { (1...7).map { RetryPolicy().backoff(after: $0) } }
}
