import Foundation
import GatewayCore
import TestSupport
import Testing

@Suite("Every request leaves audit records: phases, fields, denials, visibility, and fail-closed writes")
struct AuditTrailTests {
    func records(_ gateway: RunningGateway, _ answer: Answer) async throws -> [AuditRecord] {
        let id = try #require(answer.header("X-Request-Id"))
        return try await gateway.parts.audit.query(AuditFilter(requestID: id, ascending: true)).records
    }

    @Test("each served operation of the catalogue: reads one durable decided record, writes decided then completed")
    func servedOperations() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        let created = try await gateway.call("POST", "/v1/tokens", token: alice.secret,
                                             json: ["name": "deployer", "scopes": [["actions": ["job.*"], "on": [MatrixFixture.devel]]]])
        let newID = try #require(created.object["id"] as? String)
        let calls: [(String, Answer)] = [
            ("me", try await gateway.call("GET", "/v1/me", token: alice.secret, headers: [.init("User-Agent", "ci-bot/1.0")])),
            ("tokens.create", created),
            ("tokens.list", try await gateway.call("GET", "/v1/tokens", token: alice.secret)),
            ("tokens.get", try await gateway.call("GET", "/v1/tokens/\(newID)", token: alice.secret)),
            ("tokens.revoke", try await gateway.call("DELETE", "/v1/tokens/\(newID)", token: alice.secret)),
            ("audit.list", try await gateway.call("GET", "/v1/audit", token: alice.secret)),
        ]
        for (action, answer) in calls {
            #expect(answer.status < 300, "\(action): \(answer.text)")
            let found = try await records(gateway, answer)
            let write = ["tokens.create", "tokens.revoke"].contains(action)
            #expect(found.map(\.phase) == (write ? [.decided, .completed] : [.decided]), "\(action)")
            let decided = try #require(found.first)
            #expect(decided.action == action)
            #expect(decided.actor == "alice")
            #expect(decided.tokenID == alice.record.id)
            #expect(decided.authKind == "token")
            #expect(decided.decision == "allow")
            #expect(decided.rule == "self-service")
            #expect(Set(decided.groups) == ["alice-aurora-users", "alice-aurora-mesostest"])
            #expect(decided.sourceIP == "127.0.0.1")
            #expect(decided.requestDigest?.count == 64)
            #expect(decided.request?.hasPrefix(["GET", "POST", "DELETE"].first { answer.status > 0 && decided.request?.hasPrefix($0) == true } ?? "?") == true)
            if write {
                #expect(found[1].httpStatus == answer.status)
                #expect(found[1].durationMicros ?? -1 >= decided.durationMicros ?? 0)
            }
        }
        let createRecord = try await records(gateway, created)
        #expect(createRecord[0].requestBody?.contains("\"deployer\"") == true)
        #expect(createRecord[0].requestBody?.contains(created.object["secret"] as? String ?? "-") == false)
        #expect(try await records(gateway, calls[0].1).first?.userAgent == "ci-bot/1.0")
        #expect(try await gateway.parts.audit.verify().firstProblem == nil)
    }

    @Test("denials and refused authentications are recorded with the rule and status; nothing else is")
    func denials() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let bob = try await gateway.issue("bob", scopes: [TokenScope(actions: ["read"])])
        let forbidden = try await gateway.call("POST", "/v1/tokens", token: bob.secret, json: ["name": "x"])
        #expect(forbidden.status == 403)
        let denied = try await records(gateway, forbidden)
        #expect(denied.count == 1)
        #expect(denied.first?.decision == "deny")
        #expect(denied.first?.rule == "token-scope")
        #expect(denied.first?.httpStatus == 403)
        #expect(denied.first?.action == "tokens.create")
        let unknown = try await gateway.call("GET", "/v1/tokens", token: TokenSecret.generate(kind: .user).text)
        let anonymous = try await records(gateway, unknown)
        #expect(anonymous.map(\.actor) == ["anonymous"])
        #expect(anonymous.first?.action == "authenticate")
        #expect(anonymous.first?.rule == "token-unknown")
        #expect(anonymous.first?.request == "GET /v1/tokens")
        #expect(anonymous.first?.httpStatus == 401)
        let leaked = try await gateway.call("GET", "/v1/me?access_token=\(bob.secret)")
        let queryRecord = try await records(gateway, leaked)
        #expect(queryRecord.first?.rule == "token-in-query")
        #expect(queryRecord.first?.request == "GET /v1/me")
    }

    @Test("GET /v1/audit: others see only their own records; admins see all and filter")
    func visibility() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice"), dave = try await gateway.issue("dave")
        _ = try await gateway.call("GET", "/v1/me", token: alice.secret)
        _ = try await gateway.call("GET", "/v1/me", token: dave.secret)
        let own = try await gateway.call("GET", "/v1/audit", token: alice.secret)
        let actors = Set((own.object["records"] as? [[String: Any]] ?? []).compactMap { $0["actor"] as? String })
        #expect(actors == ["alice"])
        #expect(try await gateway.call("GET", "/v1/audit?actor=dave", token: alice.secret).status == 403)
        let all = try await gateway.call("GET", "/v1/audit?action=me", token: dave.secret)
        let allActors = Set((all.object["records"] as? [[String: Any]] ?? []).compactMap { $0["actor"] as? String })
        #expect(allActors == ["alice", "dave"])
        let paged = try await gateway.call("GET", "/v1/audit?limit=1", token: dave.secret)
        let cursor = try #require(paged.object["next_cursor"] as? Int)
        let next = try await gateway.call("GET", "/v1/audit?limit=1&cursor=\(cursor)", token: dave.secret)
        let nextSeq = (next.object["records"] as? [[String: Any]])?.first?["seq"] as? Int
        #expect(nextSeq == cursor - 1)
        #expect(try await gateway.call("GET", "/v1/audit?limit=5000", token: dave.secret).status == 400)
    }

    /// The database refuses writes as a read-only one does (SQLITE_READONLY). A real read-only remount is refused by
    /// the kernel while the file is open for writing, and an immutable (`chattr +i`) WAL index makes SQLite's shared
    /// memory fault, so the writer connection is switched to `query_only`, which fails writes the same way.
    func setReadOnly(_ gateway: RunningGateway, _ on: Bool) async throws {
        try await gateway.parts.database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = \(on ? "ON" : "OFF")") }
    }

    @Test("when the database turns read-only: 503, nothing done, readiness fails; afterwards the chain is intact")
    func failClosedReadOnly() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        #expect(try await gateway.call("GET", "/v1/me", token: alice.secret).status == 200)
        try await setReadOnly(gateway, true)
        let refused = try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["name": "while-read-only"])
        #expect(refused.status == 503)
        #expect(refused.type == "urn:aurora-gateway:problem:audit-unavailable")
        #expect(refused.detail.contains("nothing was done"))
        #expect(try await gateway.call("GET", "/v1/me", token: alice.secret).status == 503)
        let ready = try await gateway.call("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(ready.text.contains("\"database\""))
        try await setReadOnly(gateway, false)
        let tokens = try await gateway.parts.tokens.list(owner: "alice")
        #expect(!tokens.contains { $0.name == "while-read-only" })
        #expect(try await gateway.call("GET", "/v1/me", token: alice.secret).status == 200)
        #expect(try await gateway.parts.audit.verify().firstProblem == nil)
    }

    @Test("when the disk is full: 503, nothing done; once space is freed the gateway carries on with an intact chain")
    func failClosedDiskFull() async throws {
        let mount = try ScratchMount(megabytes: 8)
        defer { mount.unmount() }
        let gateway = try await RunningGateway.start(dataDir: mount.path + "/data", MatrixFixture.configure)
        let alice = try await gateway.issue("alice")
        #expect(try await gateway.call("GET", "/v1/me", token: alice.secret).status == 200)
        try mount.fill()
        var refusals = 0
        for index in 0..<40 {
            let answer = try await gateway.call("POST", "/v1/tokens", token: alice.secret,
                                                json: ["name": "full-\(index)-" + String(repeating: "x", count: 150)])
            if answer.status == 503 {
                refusals += 1
                #expect(answer.type == "urn:aurora-gateway:problem:audit-unavailable" || answer.type == "urn:aurora-gateway:problem:database-unavailable")
            }
        }
        #expect(refusals > 0)
        mount.drain()
        #expect(try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["name": "after"]).status == 201)
        #expect(try await gateway.parts.audit.verify().firstProblem == nil)
        await gateway.stop()
    }

    @Test("with reads: full, a read also gets a completed record")
    func fullReads() async throws {
        let gateway = try await RunningGateway.start { config in
            MatrixFixture.configure(&config)
            config.audit.reads = .full
        }
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        let me = try await gateway.call("GET", "/v1/me", token: alice.secret)
        let found = try await records(gateway, me)
        #expect(found.map(\.phase) == [.decided, .completed])
        #expect(found.last?.httpStatus == 200)
    }
}
