import Foundation

/// The parts of a GitHub webhook payload the gateway acts on (schemas: GitHub's "Webhook events and payloads").
public enum GitHubEvent: Sendable, Equatable {
    /// `ping`: sent when the hook is created.
    case ping
    /// `pull_request` with its action; `label` is the added label for `labeled`.
    case pullRequest(action: String, pull: PullRequestInfo, sender: String, label: String?)
    /// `issue_comment` `created` on an open pull request.
    case comment(number: Int, body: String, commenter: String, association: String?)
    /// Anything else: recorded and ignored, with why.
    case ignored(String)

    /// Reads the payload of `event`; the repository is `repository.full_name`, the sender `sender.login` ("" if absent).
    public static func parse(event: String, body: [UInt8]) throws(WebhookPayloadError) -> (repository: String, sender: String, event: GitHubEvent) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw WebhookPayloadError("the body is not a JSON object: set the webhook's content type to application/json")
        }
        guard let repository = (object["repository"] as? [String: Any])?["full_name"] as? String else {
            throw WebhookPayloadError("repository.full_name is missing: this is not a repository webhook payload")
        }
        let sender = (object["sender"] as? [String: Any])?["login"] as? String ?? ""
        let action = object["action"] as? String ?? ""
        switch event {
        case "ping":
            return (repository, sender, .ping)
        case "pull_request":
            guard let pull = object["pull_request"] as? [String: Any] else { throw WebhookPayloadError("pull_request is missing from a pull_request event") }
            let info = try PullRequestInfo(pull)
            let label = (object["label"] as? [String: Any])?["name"] as? String
            return (repository, sender, .pullRequest(action: action, pull: info, sender: sender, label: label))
        case "issue_comment":
            guard action == "created" else { return (repository, sender, .ignored("issue_comment \(action)")) }
            guard let issue = object["issue"] as? [String: Any], let number = issue["number"] as? Int else {
                throw WebhookPayloadError("issue.number is missing from an issue_comment event")
            }
            guard issue["pull_request"] != nil else { return (repository, sender, .ignored("a comment on an issue, not a pull request")) }
            guard issue["state"] as? String != "closed" else { return (repository, sender, .ignored("a comment on a closed pull request")) }
            let comment = object["comment"] as? [String: Any] ?? [:]
            let commenter = (comment["user"] as? [String: Any])?["login"] as? String ?? sender
            return (repository, sender, .comment(number: number, body: comment["body"] as? String ?? "", commenter: commenter,
                                         association: comment["author_association"] as? String))
        default:
            return (repository, sender, .ignored("event \(event) is not one the gateway acts on"))
        }
    }

    /// The checks a comment asks for: `/retest` → every check, `/test <name>` → that one, `/test all` → every check.
    public static func requestedChecks(in body: String, among names: [String]) -> [String] {
        var wanted: [String] = []
        for line in body.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let command = words.first else { continue }
            if command == "/retest" { return names }
            if command == "/test", words.count >= 2 {
                for name in words.dropFirst() {
                    if name == "all" { return names }
                    if names.contains(name), !wanted.contains(name) { wanted.append(name) }
                }
            }
        }
        return wanted
    }
}

/// A pull request as the payload describes it.
public struct PullRequestInfo: Sendable, Equatable {
    public var number: Int
    public var headSHA: String
    public var headRef: String
    public var baseRef: String
    public var author: String
    public var association: String?
    public var labels: [String]
    public var open: Bool

    /// Creates the description.
    public init(number: Int, headSHA: String, headRef: String, baseRef: String, author: String, association: String?, labels: [String], open: Bool) {
        self.number = number
        self.headSHA = headSHA
        self.headRef = headRef
        self.baseRef = baseRef
        self.author = author
        self.association = association
        self.labels = labels
        self.open = open
    }

    /// Reads a `pull_request` object (from an event, or from the REST API's pull request list).
    public init(_ pull: [String: Any]) throws(WebhookPayloadError) {
        guard let number = pull["number"] as? Int, let head = pull["head"] as? [String: Any], let sha = head["sha"] as? String,
              let base = pull["base"] as? [String: Any] else {
            throw WebhookPayloadError("pull_request.number, head.sha or base is missing")
        }
        guard sha.count == 40, sha.allSatisfy(\.isHexDigit) else { throw WebhookPayloadError("pull_request.head.sha \"\(sha.prefix(64))\" is not a commit SHA") }
        self.init(number: number, headSHA: sha.lowercased(), headRef: head["ref"] as? String ?? "", baseRef: base["ref"] as? String ?? "",
                  author: (pull["user"] as? [String: Any])?["login"] as? String ?? "", association: pull["author_association"] as? String,
                  labels: (pull["labels"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String },
                  open: (pull["state"] as? String ?? "open") == "open")
    }
}

/// A payload the gateway cannot read, with what is wrong.
public struct WebhookPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
