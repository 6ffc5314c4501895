import AuroraThrift
import Foundation
import GatewayCore
import Logging
import ServiceLifecycle
import Synchronization

/// The webhook worker: does queued deliveries in arrival order (a restart resumes the queue), follows launched jobs
/// every `poll_interval` and posts their final status, and lists open pull requests every `sweep_interval` (and at
/// start) to launch what a missed webhook would have.
struct WebhookService: Service, CustomStringConvertible {
    let repositories: [GitHubRepository]
    let builder: PullRequestBuilder
    let signal: WakeSignal
    let logger: Logger

    /// What the service lifecycle logs: the repositories' names, never their secrets.
    var description: String { "WebhookService(\(repositories.map(\.repository).joined(separator: ", ")))" }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastPoll: [String: ContinuousClock.Instant] = [:]
            var lastSweep: [String: ContinuousClock.Instant] = [:]
            while !Task.isCancelled {
                await drainQueue()
                let now = ContinuousClock.now
                for repository in repositories {
                    if lastPoll[repository.repository].map({ $0.duration(to: now) >= repository.pollInterval }) ?? true {
                        lastPoll[repository.repository] = now
                        await reconcile(repository)
                    }
                    if lastSweep[repository.repository].map({ $0.duration(to: now) >= repository.sweepInterval }) ?? true {
                        lastSweep[repository.repository] = now
                        await sweep(repository)
                    }
                }
                await signal.wait(upTo: .milliseconds(500))
            }
        }
    }

    /// Does every queued delivery; one that fails is marked failed with why (it is not retried blindly).
    func drainQueue() async {
        while let batch = try? await builder.store.queued(limit: 16), !batch.isEmpty {
            for delivery in batch {
                guard let repository = repositories.first(where: { $0.repository == delivery.repository }) else {
                    try? await builder.store.finish(delivery.id, failed: "repository \(delivery.repository) is no longer configured")
                    continue
                }
                do {
                    try await builder.handle(delivery, repository: repository)
                    try await builder.store.finish(delivery.id, failed: nil)
                } catch {
                    logger.error("webhook delivery failed", metadata: ["delivery": .string(delivery.id), "error": .string("\(error)")])
                    try? await builder.store.finish(delivery.id, failed: "\(error)")
                }
            }
        }
    }

    /// How long a build's status is retried: a commit GitHub keeps refusing (deleted by a force push) is given up on.
    static let statusRetryWindow: TimeInterval = 24 * 3600

    /// Launched jobs whose tasks all ended become succeeded or failed; then every build whose status is not on GitHub
    /// yet (a post that failed, GitHub down or rate limited) has it posted, unless GitHub's rate limit is still in force.
    func reconcile(_ repository: GitHubRepository) async {
        if let launched = try? await builder.store.builds(in: .launched, repository: repository.repository) {
            for build in launched {
                guard let states = try? await builder.tasks.states(build.jobKey), !states.isEmpty, states.allSatisfy(\.isTerminal) else { continue }
                var done = build
                let succeeded = states.allSatisfy { $0 == .finished }
                done.move(to: succeeded ? .succeeded : .failed,
                          note: succeeded ? nil : "task states: " + Set(states.map { $0.name ?? "\($0.rawValue)" }).sorted().joined(separator: ", "))
                try? await builder.store.save(done)
            }
        }
        guard repository.statusToken != nil, builder.github.rateLimitedUntil(repository) == nil,
              let unposted = try? await builder.store.unposted(repository: repository.repository,
                                                               since: Date().addingTimeInterval(-Self.statusRetryWindow)) else { return }
        for build in unposted {
            // Once one post fails, the rest wait for the next round rather than meet the same failure.
            guard await builder.post(build, repository) else { return }
        }
    }

    /// Open pull requests with no build for their head SHA get one, as if their webhook had arrived.
    func sweep(_ repository: GitHubRepository) async {
        guard repository.statusToken != nil else { return }
        let pulls: [PullRequestInfo]
        do { pulls = try await builder.github.openPullRequests(repository) } catch {
            logger.warning("pull request sweep failed", metadata: ["repository": .string(repository.repository), "error": .string("\(error)")])
            return
        }
        for pull in pulls {
            let trusted = repository.trust.trusts(pull)
            for check in repository.checks {
                guard (try? await builder.store.build(repository: repository.repository, number: pull.number, check: check.name, headSHA: pull.headSHA)) == nil else { continue }
                do {
                    try await builder.start(pull, check, repository, actor: pull.author, origin: Origin(delivery: "sweep-\(UUID().uuidString.prefix(8).lowercased())"),
                                            trusted: trusted, relaunch: false)
                } catch {
                    logger.error("sweep launch failed", metadata: ["repository": .string(repository.repository), "pr": .stringConvertible(pull.number), "error": .string("\(error)")])
                }
            }
        }
    }
}

/// Wakes the worker when a delivery is queued, so it does not wait for its next round.
final class WakeSignal: Sendable {
    private let pending = Mutex(false)

    /// Marks work as waiting.
    func wake() { pending.withLock { $0 = true } }

    /// Returns as soon as work is waiting, or after `limit`.
    func wait(upTo limit: Duration) async {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while ContinuousClock.now < deadline {
            if pending.withLock({ value -> Bool in
                defer { value = false }
                return value
            }) { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
