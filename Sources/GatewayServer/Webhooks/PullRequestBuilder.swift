import AuroraThrift
import Foundation
import GatewayCore
import Logging
import SchedulerClient
import Synchronization

/// What pull requests do to builder jobs: launch for a trusted author, replace on a new head SHA, kill on close,
/// relaunch on `/retest` or `/test <check>`. Every create and kill is an operation of the catalogue, run as the
/// repository's `act_as` service account with `github:<login>` as the audit actor; every action is idempotent on
/// (repository, pull request, check, head SHA).
struct PullRequestBuilder: Sendable {
    let store: any WebhookStore
    let github: GitHubAPI
    let operations: WebhookOperations
    let tasks: BuildTasks
    let logger: Logger

    /// Acts on one verified delivery.
    func handle(_ delivery: WebhookDelivery, repository: GitHubRepository) async throws {
        let (_, _, event) = try GitHubEvent.parse(event: delivery.event, body: delivery.body)
        let origin = Origin(delivery: delivery.id)
        switch event {
        case .ping, .ignored:
            return
        case .pullRequest(let action, let pull, let sender, let label):
            switch action {
            case "opened", "reopened", "synchronize":
                let trusted = repository.trust.trusts(pull)
                for check in repository.checks {
                    try await start(pull, check, repository, actor: sender, origin: origin, trusted: trusted, relaunch: false)
                }
            case "labeled" where label == repository.trust.label && pull.open:
                for check in repository.checks {
                    try await start(pull, check, repository, actor: sender, origin: origin, trusted: true, relaunch: false)
                }
            case "closed":
                try await close(pull, repository, actor: sender, origin: origin)
            default:
                return
            }
        case .comment(let number, let body, let commenter, let association):
            let wanted = GitHubEvent.requestedChecks(in: body, among: repository.checks.map(\.name))
            guard !wanted.isEmpty, repository.trust.trusts(login: commenter, association: association) else { return }
            guard let latest = try await store.builds(repository: repository.repository, number: number).first else {
                logger.notice("a /test comment on a pull request the gateway has not seen", metadata: ["repository": .string(repository.repository), "pr": .stringConvertible(number)])
                return
            }
            let pull = PullRequestInfo(number: number, headSHA: latest.headSHA, headRef: latest.headRef, baseRef: latest.baseRef,
                                       author: latest.author, association: nil, labels: [], open: true)
            for name in wanted {
                guard let check = repository.check(name) else { continue }
                try await start(pull, check, repository, actor: commenter, origin: origin, trusted: true, relaunch: true)
            }
        }
    }

    /// Launches `check` for the pull request's head SHA (or marks it waiting for the trust label).
    func start(_ pull: PullRequestInfo, _ check: PullRequestCheck, _ repository: GitHubRepository, actor: String, origin: Origin,
               trusted: Bool, relaunch: Bool) async throws {
        let values = PlaceholderValues(repository: repository.repository, number: pull.number, headSHA: pull.headSHA, headRef: pull.headRef,
                                       baseRef: pull.baseRef, author: pull.author, check: check.name)
        let key = "\(check.cluster)/\(check.role)/\(check.env)/\(values.jobName(check.job))"
        let existing = try await store.build(repository: repository.repository, number: pull.number, check: check.name, headSHA: pull.headSHA)
        var build = existing ?? PullRequestBuild(repository: repository.repository, number: pull.number, check: check.name, headSHA: pull.headSHA,
                                                 headRef: pull.headRef, baseRef: pull.baseRef, author: pull.author, jobKey: key, state: .waiting)
        if let existing, existing.state != .waiting, !relaunch { return }   // a redelivery: already acted on
        build.deliveryID = origin.delivery
        build.jobKey = key
        guard trusted else {
            build.move(to: .waiting, note: "\(pull.author) is not trusted: a maintainer adds the label \(repository.trust.label) to build")
            try await store.save(build)
            await post(build, repository)
            return
        }
        let caller = try await operations.caller(repository, login: actor)
        build.state = .waiting
        // Superseded SHAs of this pull request and check: their jobs are killed first.
        for old in try await store.builds(repository: repository.repository, number: pull.number)
        where old.check == check.name && old.state == .launched && old.headSHA != pull.headSHA {
            _ = await operations.kill(old.jobKey, caller: caller, requestID: origin.next("kill"))
            var replaced = old
            replaced.move(to: .superseded, note: "superseded by \(pull.headSHA.prefix(7))")
            try await store.save(replaced)
            if old.jobKey == key { try await waitForEnd(key, repository: repository, build: &build) }
        }
        if relaunch && existing?.state == .launched {
            _ = await operations.kill(key, caller: caller, requestID: origin.next("kill"))
            try await waitForEnd(key, repository: repository, build: &build)
        }
        if build.state == .error { return }
        let spec = try JSONSerialization.data(withJSONObject: check.spec.render(values), options: [.sortedKeys])
        let (status, detail) = await operations.create(key, spec: [UInt8](spec), caller: caller, requestID: origin.next("create"))
        if (200..<300).contains(status) || (status == 409 && !relaunch && existing == nil) {
            build.move(to: .launched, note: status == 409 ? "the job already existed" : nil)
            try await store.save(build)
            await post(build, repository)
        } else {
            build.move(to: .error, note: "job.create answered \(status): \(detail)")
            try await store.save(build)
            await post(build, repository)
        }
    }

    /// Kills every launched job of a closed pull request.
    func close(_ pull: PullRequestInfo, _ repository: GitHubRepository, actor: String, origin: Origin) async throws {
        let caller = try await operations.caller(repository, login: actor)
        for build in try await store.builds(repository: repository.repository, number: pull.number) where build.state == .launched || build.state == .waiting {
            var closed = build
            if build.state == .launched { _ = await operations.kill(build.jobKey, caller: caller, requestID: origin.next("kill")) }
            closed.move(to: .closed, note: "the pull request was closed")
            try await store.save(closed)
        }
    }

    /// Waits, bounded by `kill_wait`, until the job's tasks are all terminal; marks the build `error` if they are not.
    private func waitForEnd(_ key: String, repository: GitHubRepository, build: inout PullRequestBuild) async throws {
        let deadline = ContinuousClock.now.advanced(by: repository.killWait)
        while ContinuousClock.now < deadline {
            if let states = try? await tasks.states(key), states.allSatisfy(\.isTerminal) { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        build.move(to: .error, note: "the previous job \(key) still had active tasks after \(repository.killWait): it was not relaunched; comment /retest")
        try await store.save(build)
        await post(build, repository)
    }

    /// The commit status a build's row calls for; nil for superseded and closed builds, whose commits nobody watches.
    func wantedStatus(_ build: PullRequestBuild, _ repository: GitHubRepository) -> (state: String, description: String, url: String?)? {
        switch build.state {
        case .waiting: ("pending", "waiting for ok-to-test (label \(repository.trust.label))", nil)
        case .launched: ("pending", "running on Aurora as \(build.jobKey)", tasks.page(build.jobKey))
        case .succeeded: ("success", "the Aurora job finished", tasks.page(build.jobKey))
        case .failed: ("failure", "the Aurora job failed (\(build.note ?? "see the job's page"))", tasks.page(build.jobKey))
        case .error: ("error", "could not launch: \(build.note ?? "see the gateway's log")", nil)
        case .superseded, .closed: nil
        }
    }

    /// Posts the status the build calls for and records it; false when it could not be posted (logged; the reconcile
    /// loop posts it again, after GitHub's rate limit resets if that was the cause).
    @discardableResult
    func post(_ build: PullRequestBuild, _ repository: GitHubRepository) async -> Bool {
        guard let check = repository.check(build.check), let wanted = wantedStatus(build, repository) else { return true }
        let metadata: Logger.Metadata = ["repository": .string(repository.repository), "sha": .string(build.headSHA), "state": .string(wanted.state)]
        do {
            try await github.postStatus(repository, sha: build.headSHA, state: wanted.state, context: check.context,
                                        description: wanted.description, targetURL: wanted.url)
            var posted = build
            posted.statusPosted = wanted.state
            try await store.save(posted)
            return true
        } catch let error as GitHubAPIError where error.retryAt != nil {
            logger.warning("commit status deferred until GitHub's rate limit resets", metadata: metadata.merging(["error": .string("\(error)")]) { $1 })
        } catch {
            logger.error("commit status not posted", metadata: metadata.merging(["error": .string("\(error)")]) { $1 })
        }
        return false
    }
}

/// Request ids of the operations one delivery (or one sweep) sets off: `gh-<delivery>-<n>-<verb>`, so every audit
/// record names its delivery.
final class Origin: Sendable {
    let delivery: String
    private let count = Mutex(0)

    init(delivery: String) { self.delivery = delivery }

    func next(_ verb: String) -> String {
        let number = count.withLock { value -> Int in
            value += 1
            return value
        }
        return "gh-\(delivery)-\(number)-\(verb)"
    }
}
