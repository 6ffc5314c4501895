import Foundation
import GatewayCore
import HTTPTransport

/// The two GitHub REST calls the gateway makes: create a commit status, list open pull requests (the sweep).
/// Through the one outbound HTTP client (libcurl); the token travels only in `Authorization`.
struct GitHubAPI: Sendable {
    let http: any HTTPClient
    /// Limits GitHub announced, per token; shared by every caller of this API value.
    let limits = GitHubRateLimits()

    /// `POST /repos/{owner}/{repo}/statuses/{sha}`; throws a sentence naming what GitHub answered.
    func postStatus(_ repository: GitHubRepository, sha: String, state: String, context: String, description: String,
                    targetURL: String?) async throws -> Void {
        guard let token = repository.statusToken else { return }
        var object: [String: Any] = ["state": state, "context": context, "description": String(description.prefix(140))]
        if let targetURL { object["target_url"] = targetURL }
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let response = try await send(repository, token: token, method: "POST", path: "/repos/\(repository.repository)/statuses/\(sha)", body: [UInt8](body))
        guard (200..<300).contains(response.status) else {
            throw GitHubAPIError("GitHub answered \(response.status) to the \(state) status for \(repository.repository)@\(sha.prefix(7)): "
                                 + "check that status_token_file holds a token with commit status write access (\(Self.message(response.body)))")
        }
    }

    /// The open pull requests (up to 300, newest first), for the sweep that catches missed webhooks.
    func openPullRequests(_ repository: GitHubRepository) async throws -> [PullRequestInfo] {
        guard let token = repository.statusToken else { return [] }
        var pulls: [PullRequestInfo] = []
        for page in 1...3 {
            let response = try await send(repository, token: token, method: "GET",
                                          path: "/repos/\(repository.repository)/pulls?state=open&per_page=100&page=\(page)", body: [])
            guard response.status == 200, let list = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [[String: Any]] else {
                throw GitHubAPIError("GitHub answered \(response.status) to the pull request list of \(repository.repository): \(Self.message(response.body))")
            }
            pulls += list.compactMap { try? PullRequestInfo($0) }
            if list.count < 100 { break }
        }
        return pulls
    }

    /// When `repository`'s calls may go again after GitHub's rate limit, nil when they may go now.
    func rateLimitedUntil(_ repository: GitHubRepository) -> Date? {
        repository.statusToken.flatMap { limits.blockedUntil(Self.limitKey(repository, token: $0)) }
    }

    /// Limits are GitHub's per token and per API host; the key lives only in memory.
    private static func limitKey(_ repository: GitHubRepository, token: String) -> String { "\(repository.apiURL) \(token)" }

    private func send(_ repository: GitHubRepository, token: String, method: String, path: String, body: [UInt8]) async throws -> HTTPResponse {
        let key = Self.limitKey(repository, token: token)
        if let until = limits.blockedUntil(key) {
            throw GitHubAPIError("GitHub's rate limit for the status token of \(repository.repository) is used up until \(RFC3339.format(until)): "
                                 + "calls wait until then (statuses are posted by the reconcile loop afterwards)", retryAt: until)
        }
        let request = HTTPRequest(url: repository.apiURL + path, method: method,
                                  headers: [HTTPHeader("Authorization", "Bearer \(token)"), HTTPHeader("Accept", "application/vnd.github+json"),
                                            HTTPHeader("X-GitHub-Api-Version", "2022-11-28"), HTTPHeader("User-Agent", "aurora-gateway"),
                                            HTTPHeader("Content-Type", "application/json")],
                                  body: body, timeout: .seconds(10))
        let response: HTTPResponse
        do { response = try await http.send(request) } catch {
            throw GitHubAPIError("GitHub's API at \(repository.apiURL) cannot be reached (\(error)): check api_url and the network")
        }
        if let until = limits.note(response, key: key), !(200..<300).contains(response.status) {
            throw GitHubAPIError("GitHub answered \(response.status) for \(repository.repository): its rate limit for the status token is used up until "
                                 + "\(RFC3339.format(until)) (\(Self.message(response.body))); calls wait until then, and a GitHub App token has higher limits",
                                 retryAt: until)
        }
        return response
    }

    static func message(_ body: [UInt8]) -> String {
        ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])?["message"] as? String ?? "no message"
    }
}

/// A GitHub call that failed, said in one sentence (never with the token).
struct GitHubAPIError: Error, CustomStringConvertible {
    let description: String
    /// Set when GitHub's rate limit stopped the call: when calls may go again.
    let retryAt: Date?
    init(_ description: String, retryAt: Date? = nil) {
        self.description = description
        self.retryAt = retryAt
    }
}
