import Foundation
import GatewayCore
import GatewayStore
import HTTPTransport
import TestSupport
import Testing

@Suite("GitHub webhooks launch pull-request builders through the catalogue and report commit statuses")
struct WebhookTests {
    static let repository = "alisw/alidist"
    static let secret = "webhook-s3cret"

    static func repositoryConfig(apiURL: String) -> GitHubRepository {
        let spec = SpecTemplate.object([
            "resources": .object(["cpu": .double(0.1), "ram_mb": .int(64), "disk_mb": .int(64)]),
            "processes": .array([.object(["name": .string("build"), "cmdline": .string("ci/build.sh {{repository}} {{pr.number}} {{pr.head_ref}}")])]),
        ])
        let check = PullRequestCheck(name: "build", cluster: "build", role: "ci", env: "devel", job: "pr-{{pr.number}}-{{check}}", spec: spec)
        return GitHubRepository(repository: repository, secret: Array(secret.utf8), actAs: "ci-bot", apiURL: apiURL, statusToken: "ghp_test_token",
                                checks: [check], pollInterval: .milliseconds(100), sweepInterval: .seconds(3600), killWait: .seconds(10))
    }

    /// The simulator (demanding SPNEGO with `kerberos`), the GitHub stand-in (with `openPulls` listed), and the gateway.
    static func start(batchRunTime: Duration? = .milliseconds(400), dataDir: String? = nil, kerberos: Bool = false,
                      openPulls: [GitHubStandIn.PullRequest] = []) async throws -> (SimulatedCluster, GitHubStandIn, RunningGateway) {
        let kdc = kerberos ? try await TestKDC.shared() : nil
        let cluster = try await SimulatedCluster.start(batchRunTime: batchRunTime, spnego: kdc)
        let github = try await GitHubStandIn.start()
        github.setOpenPullRequests(repository, openPulls)
        let gateway = try await RunningGateway.start(dataDir: dataDir) { config in
            cluster.configure(&config)
            if let kdc { config.kerberos = KerberosConfig(principal: kdc.gatewayPrincipal, keytab: kdc.keytab("gateway.keytab")) }
            config.githubWebhooks = [repositoryConfig(apiURL: github.url)]
        }
        return (cluster, github, gateway)
    }

    func deliver(_ gateway: RunningGateway, event: String, body: Data, delivery: String = UUID().uuidString,
                 secret: String = WebhookTests.secret) async throws -> Answer {
        try await gateway.call("POST", "/v1/webhooks/github", headers: [
            HTTPHeader("X-GitHub-Event", event), HTTPHeader("X-GitHub-Delivery", delivery), HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("X-Hub-Signature-256", GitHubPayloads.signature(body: body, secret: secret)), HTTPHeader("User-Agent", "GitHub-Hookshot/test"),
        ], rawBody: [UInt8](body))
    }

    func calls(_ cluster: SimulatedCluster, _ method: String) async throws -> Int {
        let response = try await CurlHTTPClient().send(HTTPTransport.HTTPRequest(url: cluster.simulator.baseURL + "/sim/stats", method: "GET"))
        let stats = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return (stats?["methods"] as? [String: Any])?[method] as? Int ?? 0
    }

    @Test("GitHub's published test vector verifies")
    func publishedVector() {
        let vector = GitHubPayloads.documentedVector
        #expect(GitHubSignature.expected(body: Array(vector.payload.utf8), secret: Array(vector.secret.utf8)) == vector.signature)
        #expect(GitHubSignature.matches(header: vector.signature, body: Array(vector.payload.utf8), secret: Array(vector.secret.utf8)))
        #expect(!GitHubSignature.matches(header: vector.signature, body: Array("Hello, World?".utf8), secret: Array(vector.secret.utf8)))
    }

    @Test("opened launches one job (pending, then success); a redelivery changes nothing; synchronize replaces the job",
          .timeLimit(.minutes(1)))
    func openedRedeliveredSynchronized() async throws {
        let (cluster, github, gateway) = try await Self.start()
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        let first = String(repeating: "a", count: 40)
        let opened = GitHubPayloads.pullRequest(action: "opened", repository: Self.repository, number: 12, headSHA: first,
                                                headRef: "fix;$(reboot)", author: "octocat", association: "MEMBER")
        let delivery = UUID().uuidString
        let answer = try await deliver(gateway, event: "pull_request", body: opened, delivery: delivery)
        #expect(answer.status == 202, "\(answer.text)")
        let pending = try await github.waitForStatus(where: { $0.sha == first && $0.state == "pending" })
        #expect(pending.context == "aurora/build")
        #expect(pending.targetURL == "\(cluster.simulator.baseURL)/scheduler/ci/devel/pr-12-build")
        #expect(pending.authorization == "Bearer ghp_test_token")
        _ = try await github.waitForStatus(where: { $0.sha == first && $0.state == "success" })
        #expect(try await calls(cluster, "createJob") == 1)

        let again = try await deliver(gateway, event: "pull_request", body: opened, delivery: delivery)
        #expect(again.status == 200 && again.text.contains("\"duplicate\":true"), "\(again.text)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await calls(cluster, "createJob") == 1)

        let second = String(repeating: "b", count: 40)
        let pushed = GitHubPayloads.pullRequest(action: "synchronize", repository: Self.repository, number: 12, headSHA: second,
                                                author: "octocat", association: "MEMBER")
        #expect(try await deliver(gateway, event: "pull_request", body: pushed).status == 202)
        _ = try await github.waitForStatus(where: { $0.sha == second && $0.state == "pending" })
        #expect(try await calls(cluster, "createJob") == 2)

        // The launches are audited as the GitHub user, with the delivery in the record id and the service account's groups.
        let records = try await gateway.parts.audit.query(AuditFilter(action: "job.create", ascending: true)).records
        let decided = records.filter { $0.phase == .decided }
        #expect(decided.count == 2)
        #expect(decided.allSatisfy { $0.actor == "github:octocat" && $0.authKind == "webhook" && $0.decision == "allow" && $0.groups == ["ci"] })
        #expect(decided.first?.id.hasPrefix("gh-\(delivery)-") == true)
        let receipts = try await gateway.parts.audit.query(AuditFilter(action: "webhook.github")).records
        #expect(receipts.contains { $0.reason?.contains(delivery) == true && $0.httpStatus == 202 })
    }

    @Test("bad signature, wrong repository, missing headers and oversized bodies are refused and nothing is queued")
    func refusals() async throws {
        let (cluster, github, gateway) = try await Self.start()
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        let body = GitHubPayloads.pullRequest(action: "opened", repository: Self.repository, number: 3, headSHA: String(repeating: "c", count: 40),
                                              author: "octocat", association: "MEMBER")
        let forged = try await deliver(gateway, event: "pull_request", body: body, secret: "guess")
        #expect(forged.status == 401 && forged.text.contains("secret_file"), "\(forged.text)")
        let other = GitHubPayloads.pullRequest(action: "opened", repository: "evil/repo", number: 3, headSHA: String(repeating: "c", count: 40),
                                               author: "octocat", association: "MEMBER")
        let wrong = try await deliver(gateway, event: "pull_request", body: other)
        #expect(wrong.status == 403 && wrong.text.contains("evil/repo"), "\(wrong.text)")
        let huge = Data(repeating: 0x20, count: (5 << 20) + 1)
        #expect(try await deliver(gateway, event: "pull_request", body: huge).status == 413)
        #expect(try await gateway.parts.webhooks.queued(limit: 10).isEmpty)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await calls(cluster, "createJob") == 0)
        #expect(github.statuses.isEmpty)
        let refusals = try await gateway.parts.audit.query(AuditFilter(action: "webhook.github")).records
        #expect(refusals.count == 3 && refusals.allSatisfy { $0.decision == "deny" })
        // Neither the webhook secret nor the status token appears in the logs, as text or as bytes.
        let logs = gateway.logs.all
        #expect(!logs.contains(Self.secret) && !logs.contains("ghp_test_token") && !logs.contains("\(Array(Self.secret.utf8))".dropFirst().dropLast()))
    }

    @Test("an untrusted author waits for ok-to-test; the label launches; closing kills")
    func untrustedThenLabeled() async throws {
        let (cluster, github, gateway) = try await Self.start(batchRunTime: nil)
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        let sha = String(repeating: "d", count: 40)
        let opened = GitHubPayloads.pullRequest(action: "opened", repository: Self.repository, number: 7, headSHA: sha, author: "stranger",
                                                association: "FIRST_TIME_CONTRIBUTOR")
        #expect(try await deliver(gateway, event: "pull_request", body: opened).status == 202)
        let waiting = try await github.waitForStatus(where: { $0.sha == sha && $0.state == "pending" })
        #expect(waiting.description?.contains("ok-to-test") == true)
        #expect(try await calls(cluster, "createJob") == 0)
        let labeled = GitHubPayloads.pullRequest(action: "labeled", repository: Self.repository, number: 7, headSHA: sha, author: "stranger",
                                                 association: "FIRST_TIME_CONTRIBUTOR", labels: ["ok-to-test"], sender: "maintainer", label: "ok-to-test")
        #expect(try await deliver(gateway, event: "pull_request", body: labeled).status == 202)
        _ = try await github.waitForStatus(where: { $0.sha == sha && $0.state == "pending" && $0.targetURL != nil })
        #expect(try await calls(cluster, "createJob") == 1)
        let closed = GitHubPayloads.pullRequest(action: "closed", repository: Self.repository, number: 7, headSHA: sha, author: "stranger",
                                                association: "FIRST_TIME_CONTRIBUTOR", state: "closed")
        #expect(try await deliver(gateway, event: "pull_request", body: closed).status == 202)
        for _ in 0..<100 where try await calls(cluster, "killTasks") == 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try await calls(cluster, "killTasks") == 1)
    }

    @Test("deliveries queued before a restart are done after it")
    func queueSurvivesRestart() async throws {
        let dataDir = RepoPaths.temporaryDirectory("agw-webhook-restart").path
        let database = try GatewayDatabase(dataDir: dataDir)
        let sha = String(repeating: "e", count: 40)
        let body = GitHubPayloads.pullRequest(action: "opened", repository: Self.repository, number: 9, headSHA: sha, author: "octocat", association: "OWNER")
        #expect(try await SQLiteWebhookStore(database: database).enqueue(WebhookDelivery(id: "queued-before-restart", repository: Self.repository,
                                                                                          event: "pull_request", receivedAt: Date(), body: [UInt8](body))))
        let (cluster, github, gateway) = try await Self.start(dataDir: dataDir)
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        _ = try await github.waitForStatus(where: { $0.sha == sha && $0.state == "pending" })
        #expect(try await calls(cluster, "createJob") == 1)
    }

    @Test("on a scheduler that demands SPNEGO, a signed opened delivery creates exactly one job, signed with the gateway's principal",
          .timeLimit(.minutes(1)))
    func kerberosScheduler() async throws {
        let (cluster, github, gateway) = try await Self.start(kerberos: true)
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        let sha = String(repeating: "f", count: 40)
        let opened = GitHubPayloads.pullRequest(action: "opened", repository: Self.repository, number: 21, headSHA: sha, author: "octocat", association: "OWNER")
        #expect(try await deliver(gateway, event: "pull_request", body: opened).status == 202)
        _ = try await github.waitForStatus(where: { $0.sha == sha && $0.state == "success" })
        #expect(try await calls(cluster, "createJob") == 1)
        let completed = try await gateway.parts.audit.query(AuditFilter(action: "job.create")).records.filter { $0.phase == .completed }
        #expect(completed.count == 1)
        #expect(completed.first?.upstreamPrincipal == "aurora-gw/localhost")   // as the scheduler sees it: without the realm
        #expect(completed.first?.responseCode == "OK")
    }

    @Test("/retest and /test <check> by a trusted commenter relaunch on the last head SHA; others change nothing",
          .timeLimit(.minutes(1)))
    func commentsRelaunch() async throws {
        let (cluster, github, gateway) = try await Self.start()
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        let sha = String(repeating: "1", count: 40)
        let opened = GitHubPayloads.pullRequest(action: "opened", repository: Self.repository, number: 30, headSHA: sha, author: "octocat", association: "MEMBER")
        #expect(try await deliver(gateway, event: "pull_request", body: opened).status == 202)
        _ = try await github.waitForStatus(where: { $0.sha == sha && $0.state == "success" })
        #expect(try await calls(cluster, "createJob") == 1)

        for (body, who, association) in [("/retest", "stranger", "NONE"), ("/test lint", "octocat", "MEMBER"), ("looks good", "octocat", "MEMBER")] {
            let comment = GitHubPayloads.issueComment(repository: Self.repository, number: 30, body: body, commenter: who, association: association)
            #expect(try await deliver(gateway, event: "issue_comment", body: comment).status == 202)
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await calls(cluster, "createJob") == 1)

        let before = github.statuses.count
        let retest = GitHubPayloads.issueComment(repository: Self.repository, number: 30, body: "Flaky.\n/test build", commenter: "octocat", association: "MEMBER")
        #expect(try await deliver(gateway, event: "issue_comment", body: retest).status == 202)
        for _ in 0..<200 where github.statuses.dropFirst(before).filter({ $0.state == "success" }).isEmpty {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await calls(cluster, "createJob") == 2)
        #expect(github.statuses.dropFirst(before).map(\.state) == ["pending", "success"])
    }

    @Test("the sweep launches open pull requests whose webhook was missed")
    func sweepCatchesMissedWebhooks() async throws {
        let sha = String(repeating: "2", count: 40)
        let (cluster, github, gateway) = try await Self.start(openPulls: [
            (number: 41, headSHA: sha, headRef: "topic", baseRef: "master", author: "octocat", association: "COLLABORATOR", labels: []),
            (number: 42, headSHA: String(repeating: "3", count: 40), headRef: "x", baseRef: "master", author: "stranger", association: "NONE", labels: []),
        ])
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        _ = try await github.waitForStatus(where: { $0.sha == sha && $0.state == "pending" && $0.targetURL != nil })
        let waiting = try await github.waitForStatus(where: { $0.sha.hasPrefix("3") && $0.state == "pending" })
        #expect(waiting.description?.contains("ok-to-test") == true)
        #expect(try await calls(cluster, "createJob") == 1)
        let launches = try await gateway.parts.audit.query(AuditFilter(action: "job.create")).records
        #expect(launches.allSatisfy { $0.actor == "github:octocat" && $0.id.hasPrefix("gh-sweep-") })
    }

    @Test("GitHub's rate limit (primary 403 or secondary 429): no call until it resets, then the final status is posted",
          .timeLimit(.minutes(1)), arguments: [false, true])
    func rateLimited(secondary: Bool) async throws {
        let (cluster, github, gateway) = try await Self.start()
        defer { Task { await gateway.stop(); await github.stop(); await cluster.stop() } }
        github.rateLimit(for: .seconds(3), secondary: secondary)
        let sha = String(repeating: secondary ? "e" : "d", count: 40)
        let opened = GitHubPayloads.pullRequest(action: "opened", repository: Self.repository, number: 21, headSHA: sha,
                                                author: "octocat", association: "MEMBER")
        #expect(try await deliver(gateway, event: "pull_request", body: opened).status == 202)
        let success = try await github.waitForStatus(where: { $0.sha == sha && $0.state == "success" })
        #expect(success.description == "the Aurora job finished")
        #expect(success.targetURL == "\(cluster.simulator.baseURL)/scheduler/ci/devel/pr-21-build")
        // The first post (pending) met the limit; the reconcile loop, polling every 100 ms, waited for the reset
        // instead of trying again (without the wait: about 30 refused calls in 3 s).
        let refused = github.rateLimitRefusals
        #expect(refused.count == 1, "calls refused during the limit: \(refused.count)")
        #expect(github.statuses.last(where: { $0.sha == sha })?.state == "success")
        #expect(try await calls(cluster, "createJob") == 1)
    }
}
