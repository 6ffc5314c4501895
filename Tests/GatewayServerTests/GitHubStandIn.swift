import Foundation
import Hummingbird
import Synchronization
import TestSupport

/// One commit status the gateway posted to `POST /repos/{owner}/{repo}/statuses/{sha}`.
struct StatusPost: Sendable, Equatable {
    let repository: String
    let sha: String
    let state: String
    let targetURL: String?
    let description: String?
    let context: String
    let authorization: String?

    /// One line for failure messages (never the Authorization value).
    var summary: String { "\(repository)@\(sha.prefix(12)) \(context)=\(state) \"\(description ?? "")\" -> \(targetURL ?? "none")" }
}

/// A real HTTP server on 127.0.0.1 standing in for GitHub's REST API: records commit statuses, lists pull requests.
final class GitHubStandIn: Sendable {
    /// A pull request as the test describes it; served in the webhook payload's `pull_request` shape.
    typealias PullRequest = (number: Int, headSHA: String, headRef: String, baseRef: String, author: String,
                             association: String, labels: [String])

    /// The API base, as "http://127.0.0.1:PORT" (no trailing slash).
    let url: String
    private let state: GitHubState
    private let task: Task<Void, any Error>

    private init(url: String, state: GitHubState, task: Task<Void, any Error>) {
        self.url = url
        self.state = state
        self.task = task
    }

    /// Every commit status posted so far, oldest first.
    var statuses: [StatusPost] { state.statuses.withLock { $0 } }

    /// Sets the pull requests `GET /repos/{repository}/pulls` lists as open (and `/pulls/{number}` finds).
    func setOpenPullRequests(_ repository: String, _ prs: [PullRequest]) {
        state.pulls.withLock { $0[repository] = prs }
    }

    /// The next status post, and every one for `duration` after it, is refused as GitHub does when a token's limit is
    /// used up: 403 with `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset` (the primary limit), or 429 with
    /// `Retry-After` (`secondary`). The limit starts at the first refused post, however long the gateway takes to send it.
    func rateLimit(for duration: Duration, secondary: Bool) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.limit.withLock { $0 = (seconds, secondary, nil) }
    }

    /// Status posts refused by the rate limit so far, and when the limit ends.
    var rateLimitRefusals: (count: Int, until: Date?) {
        (state.limitRefusals.withLock { $0 }, state.limit.withLock { $0?.until })
    }

    /// Waits for a posted status matching `predicate`, polling every 20 ms; throws listing what was seen on timeout.
    func waitForStatus(where predicate: (StatusPost) -> Bool, timeout: Duration = .seconds(30)) async throws -> StatusPost {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let seen = statuses
            if let match = seen.first(where: predicate) { return match }
            guard ContinuousClock.now < deadline else {
                let lines = seen.isEmpty ? "none" : seen.map { "\n  \($0.summary)" }.joined()
                let rejected = state.rejected.withLock { $0 }
                let refused = rejected.isEmpty ? "" : "\nrefused with 422: \(rejected.joined(separator: "; "))"
                throw TestSupportError("no matching commit status was posted to the GitHub stand-in within \(timeout); seen: \(lines)\(refused)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Starts the server on an ephemeral port and returns once it is listening.
    static func start() async throws -> GitHubStandIn {
        let state = GitHubState()
        let router = Router()
        router.post("/repos/:owner/:repo/statuses/:sha") { request, context -> Response in
            let repository = try "\(context.parameters.require("owner"))/\(context.parameters.require("repo"))"
            let sha = try context.parameters.require("sha")
            let body = try await request.body.collect(upTo: 1 << 20)
            if let limited = state.refusal() { return limited }
            let text = String(buffer: body)
            let fields = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            guard let status = fields["state"] as? String, ["error", "failure", "pending", "success"].contains(status) else {
                state.rejected.withLock { $0.append(text) }
                return GitHubStandIn.json(.unprocessableContent, ["message": "Validation Failed", "status": "422",
                                                    "documentation_url": "https://docs.github.com/rest/commits/statuses#create-a-commit-status"])
            }
            let post = StatusPost(repository: repository, sha: sha, state: status, targetURL: fields["target_url"] as? String,
                                  description: fields["description"] as? String, context: fields["context"] as? String ?? "default",
                                  authorization: request.headers[.authorization])
            let id = state.statuses.withLock { statuses in
                statuses.append(post)
                return statuses.count
            }
            return GitHubStandIn.json(.created, GitHubStandIn.statusObject(post, id: id))
        }
        router.get("/repos/:owner/:repo/pulls") { request, context -> Response in
            let repository = try "\(context.parameters.require("owner"))/\(context.parameters.require("repo"))"
            let query = request.uri.queryParameters
            let wanted = query.get("state") ?? "open"
            let perPage = min(max(query.get("per_page", as: Int.self) ?? 30, 1), 100)
            let page = max(query.get("page", as: Int.self) ?? 1, 1)
            let listed: [PullRequest] = state.pulls.withLock { pulls in pulls[repository] ?? [] }
            let open = wanted == "closed" ? [] : listed
            let objects = open.dropFirst((page - 1) * perPage).prefix(perPage).map { GitHubStandIn.object(repository, $0) }
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            let lastPage = max((open.count + perPage - 1) / perPage, 1)
            if page < lastPage {
                let base = "http://\(request.head.authority ?? "127.0.0.1")/repos/\(repository)/pulls?state=\(wanted)&per_page=\(perPage)"
                headers[.init("Link")!] = "<\(base)&page=\(page + 1)>; rel=\"next\", <\(base)&page=\(lastPage)>; rel=\"last\""
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: GitHubStandIn.encode(objects))))
        }
        router.get("/repos/:owner/:repo/pulls/:number") { _, context -> Response in
            let repository = try "\(context.parameters.require("owner"))/\(context.parameters.require("repo"))"
            let number = context.parameters.get("number", as: Int.self)
            guard let pr = state.pulls.withLock({ pulls in pulls[repository]?.first { $0.number == number } }) else {
                return GitHubStandIn.json(.notFound, ["message": "Not Found", "status": "404",
                                        "documentation_url": "https://docs.github.com/rest/pulls/pulls#get-a-pull-request"])
            }
            return GitHubStandIn.json(.ok, GitHubStandIn.object(repository, pr))
        }
        let ports = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task {
            defer { ports.continuation.finish() }
            try await app.run()
        }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else {
            task.cancel()
            throw TestSupportError("the GitHub stand-in did not start listening")
        }
        return GitHubStandIn(url: "http://127.0.0.1:\(port)", state: state, task: task)
    }

    /// Stops the server and waits for it to close.
    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// A pull request in the `pull_request` payload shape.
    private static func object(_ repository: String, _ pr: PullRequest) -> [String: Any] {
        GitHubPayloads.pullRequestObject(repository: repository, number: pr.number, headSHA: pr.headSHA, headRef: pr.headRef,
                                         baseRef: pr.baseRef, author: pr.author, association: pr.association, labels: pr.labels)
    }

    /// The body GitHub answers a created commit status with.
    private static func statusObject(_ post: StatusPost, id: Int) -> [String: Any] {
        let now = Date().formatted(.iso8601)
        return [
            "url": "https://api.github.com/repos/\(post.repository)/statuses/\(post.sha)", "id": id, "node_id": "SC_\(id)",
            "avatar_url": "https://avatars.githubusercontent.com/u/1?v=4", "state": post.state,
            "description": post.description.map { $0 as Any } ?? NSNull(), "target_url": post.targetURL.map { $0 as Any } ?? NSNull(),
            "context": post.context, "created_at": now, "updated_at": now, "creator": GitHubPayloads.user("aurora-gateway[bot]"),
        ]
    }

    /// A JSON response from a dictionary.
    private static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: encode(object))))
    }

    /// Compact JSON, as GitHub's API writes it.
    private static func encode(_ object: Any) -> Data {
        // Only plain strings, numbers, booleans, NSNull, arrays and dictionaries go in: serialization cannot fail.
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}

/// What the GitHub stand-in has recorded and is told to serve.
private final class GitHubState: Sendable {
    let statuses = Mutex<[StatusPost]>([])
    let pulls = Mutex<[String: [GitHubStandIn.PullRequest]]>([:])
    /// Raw bodies of status posts refused as invalid.
    let rejected = Mutex<[String]>([])
    /// A rate limit: how long it lasts, whether it is a secondary limit, and its end once the first post met it.
    let limit = Mutex<(seconds: Double, secondary: Bool, until: Date?)?>(nil)
    let limitRefusals = Mutex(0)

    /// GitHub's answer to a call made while the rate limit is in force, counted; nil when it is not.
    func refusal() -> Response? {
        let now = Date()
        let inForce: (until: Date, secondary: Bool)? = limit.withLock { limit in
            guard let current = limit else { return nil }
            let until = current.until ?? now.addingTimeInterval(current.seconds)
            limit?.until = until
            return now < until ? (until, current.secondary) : nil
        }
        guard let (until, secondary) = inForce else { return nil }
        limitRefusals.withLock { $0 += 1 }
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        let status: HTTPResponse.Status
        let message: String
        if secondary {
            status = .tooManyRequests
            headers[.init("Retry-After")!] = "\(Int(until.timeIntervalSinceNow.rounded(.up)))"
            message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        } else {
            status = .forbidden
            headers[.init("X-RateLimit-Limit")!] = "5000"
            headers[.init("X-RateLimit-Remaining")!] = "0"
            headers[.init("X-RateLimit-Reset")!] = "\(Int(until.timeIntervalSince1970.rounded(.up)))"
            message = "API rate limit exceeded for user ID 1."
        }
        let body = try! JSONSerialization.data(withJSONObject: ["message": message, "documentation_url": "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"])
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
