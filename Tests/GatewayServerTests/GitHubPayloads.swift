import Foundation
import GatewayCore

/// GitHub webhook request bodies, shaped after docs.github.com "Webhook events and payloads" (compact JSON).
enum GitHubPayloads {
    /// The worked example on GitHub's "Validating webhook deliveries" page.
    static let documentedVector = (secret: "It's a Secret to Everybody", payload: "Hello, World!",
                                   signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")

    /// The `ping` event GitHub sends when a repository webhook is created.
    static func ping(repository: String, hookID: Int = 1) -> Data {
        let hookURL = "https://api.github.com/repos/\(repository)/hooks/\(hookID)"
        let config: [String: Any] = ["content_type": "json", "insecure_ssl": "0", "url": "https://gateway.example.org/github/webhook"]
        let hook: [String: Any] = [
            "type": "Repository", "id": hookID, "name": "web", "active": true, "events": ["issue_comment", "pull_request"],
            "config": config, "updated_at": stamp, "created_at": stamp, "url": hookURL, "test_url": "\(hookURL)/test",
            "ping_url": "\(hookURL)/pings", "deliveries_url": "\(hookURL)/deliveries",
            "last_response": ["code": NSNull(), "status": "unused", "message": NSNull()] as [String: Any],
        ]
        return encode([
            "zen": "Design for failure.", "hook_id": hookID, "hook": hook,
            "repository": repositoryObject(repository), "sender": user(owner(of: repository)),
        ])
    }

    /// A `pull_request` event; "labeled" carries `label` (default: the last of `labels`), "synchronize" `before`/`after`.
    static func pullRequest(action: String, repository: String, number: Int, headSHA: String, headRef: String = "feature",
                            baseRef: String = "master", author: String, association: String, labels: [String] = [],
                            sender: String? = nil, label: String? = nil, state: String = "open", merged: Bool = false) -> Data {
        let added = label ?? (action == "labeled" || action == "unlabeled" ? labels.last : nil)
        var current = labels
        // GitHub lists a just-added label on the pull request too.
        if action == "labeled", let added, !labels.contains(added) { current.append(added) }
        var payload: [String: Any] = [
            "action": action, "number": number,
            "pull_request": pullRequestObject(repository: repository, number: number, headSHA: headSHA, headRef: headRef,
                                              baseRef: baseRef, author: author, association: association, labels: current,
                                              state: state, merged: merged),
            "repository": repositoryObject(repository), "sender": user(sender ?? author),
        ]
        if let added { payload["label"] = labelObject(added, repository: repository) }
        if action == "synchronize" {
            payload["before"] = fakeSHA("before:\(repository):\(headSHA)")
            payload["after"] = headSHA
        }
        return encode(payload)
    }

    /// An `issue_comment` "created" event, on a pull request's conversation unless `onPullRequest` is false.
    static func issueComment(repository: String, number: Int, body: String, commenter: String, association: String,
                             onPullRequest: Bool = true) -> Data {
        let api = "https://api.github.com/repos/\(repository)"
        let html = "https://github.com/\(repository)/\(onPullRequest ? "pull" : "issues")/\(number)"
        let issueID = stableID("issue:\(repository)#\(number)")
        let commentID = Int.random(in: 1_000_000_000...2_000_000_000)
        var issue: [String: Any] = [
            "url": "\(api)/issues/\(number)", "repository_url": api, "comments_url": "\(api)/issues/\(number)/comments",
            "html_url": html, "id": issueID, "node_id": "I_\(issueID)", "number": number, "title": "Change #\(number)",
            "user": user("octocat"), "labels": [] as [Any], "state": "open", "locked": false, "assignee": NSNull(),
            "assignees": [] as [Any], "milestone": NSNull(), "comments": 1, "created_at": stamp, "updated_at": stamp,
            "closed_at": NSNull(), "author_association": "CONTRIBUTOR", "active_lock_reason": NSNull(),
            "body": "Please review.", "performed_via_github_app": NSNull(), "state_reason": NSNull(),
        ]
        if onPullRequest {
            issue["draft"] = false
            issue["pull_request"] = ["url": "\(api)/pulls/\(number)", "html_url": html, "diff_url": "\(html).diff",
                                     "patch_url": "\(html).patch", "merged_at": NSNull()] as [String: Any]
        }
        let comment: [String: Any] = [
            "url": "\(api)/issues/comments/\(commentID)", "html_url": "\(html)#issuecomment-\(commentID)",
            "issue_url": "\(api)/issues/\(number)", "id": commentID, "node_id": "IC_\(commentID)", "user": user(commenter),
            "created_at": Date().formatted(.iso8601), "updated_at": Date().formatted(.iso8601),
            "author_association": association, "body": body, "performed_via_github_app": NSNull(),
        ]
        return encode(["action": "created", "issue": issue, "comment": comment,
                       "repository": repositoryObject(repository), "sender": user(commenter)])
    }

    /// The `X-Hub-Signature-256` header value GitHub would send for `body` under `secret`.
    static func signature(body: Data, secret: String) -> String {
        GitHubSignature.expected(body: Array(body), secret: Array(secret.utf8))
    }

    // MARK: - Objects shared with the REST stand-in

    /// A pull request object as in the `pull_request` event (and the REST API's pulls endpoints).
    static func pullRequestObject(repository: String, number: Int, headSHA: String, headRef: String, baseRef: String,
                                  author: String, association: String, labels: [String], state: String = "open",
                                  merged: Bool = false) -> [String: Any] {
        let api = "https://api.github.com/repos/\(repository)"
        let html = "https://github.com/\(repository)/pull/\(number)"
        let id = stableID("pr:\(repository)#\(number)")
        let closed: Any = state == "closed" ? stamp : NSNull()
        let mergedAt: Any = merged ? closed : NSNull()
        let mergeSHA: Any = merged ? fakeSHA("merge:\(repository)#\(number)") : NSNull()
        let mergedBy: Any = merged ? user("octocat") : NSNull()
        return [
            "url": "\(api)/pulls/\(number)", "id": id, "node_id": "PR_\(id)", "html_url": html, "diff_url": "\(html).diff",
            "patch_url": "\(html).patch", "issue_url": "\(api)/issues/\(number)", "commits_url": "\(api)/pulls/\(number)/commits",
            "statuses_url": "\(api)/statuses/\(headSHA)", "number": number, "state": state, "locked": false,
            "title": "Change #\(number) from \(headRef)", "user": user(author), "body": "Updates \(baseRef) with \(headRef).",
            "labels": labels.map { labelObject($0, repository: repository) }, "milestone": NSNull(),
            "created_at": stamp, "updated_at": stamp, "closed_at": closed, "merged_at": mergedAt,
            "merge_commit_sha": mergeSHA,
            "assignee": NSNull(), "assignees": [] as [Any], "requested_reviewers": [] as [Any], "draft": false,
            "head": branch(repository, ref: headRef, sha: headSHA), "author_association": association, "auto_merge": NSNull(),
            "base": branch(repository, ref: baseRef, sha: fakeSHA("base:\(repository):\(baseRef)")),
            "merged": merged, "mergeable": NSNull(), "rebaseable": NSNull(), "mergeable_state": "unknown",
            "merged_by": mergedBy, "comments": 0, "review_comments": 0,
            "maintainer_can_modify": false, "commits": 1, "additions": 10, "deletions": 2, "changed_files": 1,
        ]
    }

    /// A repository object as in every event's `repository`.
    static func repositoryObject(_ fullName: String) -> [String: Any] {
        let id = stableID("repo:\(fullName)")
        return [
            "id": id, "node_id": "R_\(id)", "name": String(fullName.split(separator: "/").last ?? ""), "full_name": fullName,
            "private": false, "owner": organization(owner(of: fullName)), "html_url": "https://github.com/\(fullName)", "description": NSNull(),
            "fork": false, "url": "https://api.github.com/repos/\(fullName)", "clone_url": "https://github.com/\(fullName).git",
            "created_at": stamp, "updated_at": stamp, "pushed_at": stamp, "visibility": "public", "archived": false,
            "disabled": false, "default_branch": "master",
        ]
    }

    /// A user object (`user`, `sender`, `owner`); logins ending in "[bot]" are bots.
    static func user(_ login: String) -> [String: Any] {
        let id = stableID("user:\(login)")
        return ["login": login, "id": id, "node_id": "U_\(id)", "avatar_url": "https://avatars.githubusercontent.com/u/\(id)?v=4",
                "url": "https://api.github.com/users/\(login)", "html_url": "https://github.com/\(login)",
                "type": login.hasSuffix("[bot]") ? "Bot" : "User", "site_admin": false]
    }

    /// A label object, with a color derived from its name.
    static func labelObject(_ name: String, repository: String) -> [String: Any] {
        let id = stableID("label:\(repository):\(name)")
        let path = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name
        return ["id": id, "node_id": "LA_\(id)", "url": "https://api.github.com/repos/\(repository)/labels/\(path)",
                "name": name, "color": String(fakeSHA("color:\(name)").prefix(6)), "default": false, "description": NSNull()]
    }

    /// A `head` or `base` object: both branches live in `repository` (no forks).
    static func branch(_ repository: String, ref: String, sha: String) -> [String: Any] {
        let login = owner(of: repository)
        return ["label": "\(login):\(ref)", "ref": ref, "sha": sha, "user": organization(login), "repo": repositoryObject(repository)]
    }

    /// The owning organization's object (a user object of type "Organization").
    static func organization(_ login: String) -> [String: Any] {
        var object = user(login)
        object["type"] = "Organization"
        return object
    }

    /// Compact JSON with sorted keys and unescaped slashes, as GitHub writes URLs.
    static func encode(_ object: [String: Any]) -> Data {
        // Only plain strings, numbers, booleans, NSNull, arrays and dictionaries go in: serialization cannot fail.
        try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The owner's login of an "owner/repo" name.
    static func owner(of repository: String) -> String { String(repository.split(separator: "/").first ?? "") }

    /// A fixed timestamp for creation and update times.
    static let stamp = "2026-01-15T09:30:00Z"

    /// A positive id that is the same on every run for the same `seed` (FNV-1a; `hashValue` is seeded per process).
    static func stableID(_ seed: String) -> Int { Int(fnv(seed) % 900_000_000) + 100_000_000 }

    /// A 40-hex-digit commit id derived from `seed`.
    static func fakeSHA(_ seed: String) -> String {
        String((0..<3).map { String(format: "%016llx", fnv("\($0):\(seed)")) }.joined().prefix(40))
    }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv(_ text: String) -> UInt64 {
        text.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
