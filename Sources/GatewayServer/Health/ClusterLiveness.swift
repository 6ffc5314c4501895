import AuroraThrift
public import Foundation
public import SchedulerClient
import Synchronization

/// Remembers when each cluster last answered, and asks it (`getRoleSummary`) when that is too long ago.
public final class ClusterLiveness: Sendable {
    private let lastAnswer = Mutex<[String: Date]>([:])
    private let freshness: TimeInterval

    /// `freshness`: how recent an answer must be to count without asking again.
    public init(freshness: TimeInterval = 60) { self.freshness = freshness }

    /// Records that the cluster answered now.
    public func recordAnswer(cluster: String) {
        lastAnswer.withLock { $0[cluster] = Date() }
    }

    /// Forgets the last answer after a call got none, so readiness asks the cluster again at once.
    public func recordFailure(cluster: String) {
        lastAnswer.withLock { $0[cluster] = nil }
    }

    /// nil when the cluster answered recently or answers now; else why not.
    public func problem(with client: any SchedulerClient) async -> String? {
        let name = client.cluster.name
        if let last = lastAnswer.withLock({ $0[name] }), Date().timeIntervalSince(last) < freshness { return nil }
        do {
            let reply = try await client.probe()
            recordAnswer(cluster: name)
            _ = reply
            return nil
        } catch {
            return error.description
        }
    }
}
