import Foundation
import GatewayCore
import Testing

@Suite("Self-service operations over HTTP: me, tokens.create, tokens.list, tokens.get, tokens.revoke")
struct TokenOperationsTests {
    @Test("/v1/me names the caller, token, groups with source and freshness, and the rules that apply")
    func me() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        let me = try await gateway.call("GET", "/v1/me", token: alice.secret)
        #expect(me.status == 200)
        #expect(me.object["login"] as? String == "alice")
        #expect(me.object["admin"] as? Bool == false)
        #expect((me.object["token"] as? [String: Any])?["id"] as? String == alice.record.id)
        let groups = (me.object["groups"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(groups) == ["alice-aurora-users", "alice-aurora-mesostest"])
        let directory = me.object["directory"] as? [String: Any]
        #expect(directory?["kind"] as? String == "static")
        #expect(directory?["stale"] as? Bool == false)
        let rules = (me.object["permissions"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? Int }
        #expect(rules == [0, 1, 2])
        #expect(me.header("X-Request-Id")?.hasPrefix("req_") == true)
        let bot = try await gateway.issue("ci-bot", kind: .service)
        let botMe = try await gateway.call("GET", "/v1/me", token: bot.secret)
        #expect(botMe.object["login"] as? String == "service:ci-bot")
        #expect((botMe.object["directory"] as? [String: Any])?["kind"] as? String == "config")
        #expect(me.object["owner_admin"] as? Bool == false)
        let admin = try await gateway.call("GET", "/v1/me", token: try await gateway.issue("dave").secret)
        #expect(admin.object["admin"] as? Bool == true && admin.object["owner_admin"] as? Bool == true)
        // An admin's token scoped to one read does not hold admin rights, and says so.
        let narrow = try await gateway.issue("dave", scopes: [TokenScope(actions: ["jobs.list"], on: ["build/mesostest/*/*"])])
        let narrowMe = try await gateway.call("GET", "/v1/me", token: narrow.secret)
        #expect(narrowMe.object["admin"] as? Bool == false && narrowMe.object["owner_admin"] as? Bool == true)
        let forOthers = try await gateway.call("POST", "/v1/tokens", token: narrow.secret, json: ["owner": "bob"])
        #expect(forOthers.status == 403)
    }

    @Test("tokens for others and for service accounts need an admin; the secret is answered once, then never")
    func createForOthers() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice"), dave = try await gateway.issue("dave")
        let forBob = try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["owner": "bob"])
        #expect(forBob.status == 403)
        #expect(forBob.detail.contains("admin_groups"))
        let forBot = try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["owner": "ci-bot"])
        #expect(forBot.status == 403)
        let byAdmin = try await gateway.call("POST", "/v1/tokens", token: dave.secret,
                                             json: ["owner": "ci-bot", "name": "alidist-webhook", "expires_in_days": 30])
        #expect(byAdmin.status == 201)
        #expect(byAdmin.object["kind"] as? String == "service")
        let secret = try #require(byAdmin.object["secret"] as? String)
        #expect(secret.hasPrefix("agws_"))
        let id = try #require(byAdmin.object["id"] as? String)
        let shown = try await gateway.call("GET", "/v1/tokens/\(id)", token: dave.secret)
        #expect(shown.status == 200)
        #expect(shown.object["secret"] == nil)
        #expect(!shown.text.contains(secret))
        let botMe = try await gateway.call("GET", "/v1/me", token: secret)
        #expect(botMe.object["login"] as? String == "service:ci-bot")
        let unknownOwner = try await gateway.call("POST", "/v1/tokens", token: dave.secret, json: ["owner": "nobody-at-all"])
        #expect(unknownOwner.status == 400)
        #expect(unknownOwner.detail.contains("nobody-at-all"))
    }

    @Test("users see and revoke only their own tokens; others' answer 404 exactly like missing ones; admins see all")
    func listGetRevoke() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice"), bob = try await gateway.issue("bob"), dave = try await gateway.issue("dave")
        let own = try await gateway.call("GET", "/v1/tokens", token: alice.secret)
        #expect(own.status == 200)
        #expect((own.object["tokens"] as? [[String: Any]])?.map { $0["owner"] as? String } == ["alice"])
        #expect(try await gateway.call("GET", "/v1/tokens?owner=bob", token: alice.secret).status == 403)
        let everyone = try await gateway.call("GET", "/v1/tokens", token: dave.secret)
        #expect((everyone.object["tokens"] as? [[String: Any]])?.count == 3)
        let bobsOnly = try await gateway.call("GET", "/v1/tokens?owner=bob", token: dave.secret)
        #expect((bobsOnly.object["tokens"] as? [[String: Any]])?.map { $0["id"] as? String } == [bob.record.id])
        let others = try await gateway.call("GET", "/v1/tokens/\(bob.record.id)", token: alice.secret)
        let missing = try await gateway.call("GET", "/v1/tokens/tk_000000000000", token: alice.secret)
        #expect(others.status == 404 && missing.status == 404)
        #expect(others.detail == missing.detail.replacingOccurrences(of: "tk_000000000000", with: bob.record.id))
        #expect(try await gateway.call("DELETE", "/v1/tokens/\(bob.record.id)", token: alice.secret).status == 404)
        #expect(try await gateway.call("GET", "/v1/me", token: bob.secret).status == 200)
        let revoked = try await gateway.call("DELETE", "/v1/tokens/\(bob.record.id)", token: dave.secret)
        #expect(revoked.status == 200)
        #expect(revoked.object["state"] as? String == "revoked")
        #expect(revoked.object["revoked_by"] as? String == "dave")
        let after = try await gateway.call("GET", "/v1/me", token: bob.secret)
        #expect(after.status == 401)
        #expect(after.type == "urn:aurora-gateway:problem:token-revoked")
        let selfRevoke = try await gateway.call("DELETE", "/v1/tokens/\(alice.record.id)", token: alice.secret)
        #expect(selfRevoke.status == 200)
        #expect(try await gateway.call("GET", "/v1/tokens", token: alice.secret).status == 401)
    }

    @Test("an owner the directory does not know can look at and revoke tokens, and nothing else")
    func unknownOwner() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let gone = try await gateway.issue("mallory")
        let me = try await gateway.call("GET", "/v1/me", token: gone.secret)
        #expect(me.status == 200)
        #expect((me.object["directory"] as? [String: Any])?["known"] as? Bool == false)
        #expect(try await gateway.call("GET", "/v1/tokens", token: gone.secret).status == 200)
        let create = try await gateway.call("POST", "/v1/tokens", token: gone.secret, json: [:] as [String: String])
        #expect(create.status == 403)
        #expect(create.detail.contains("not known to the static directory"))
        #expect(try await gateway.call("DELETE", "/v1/tokens/\(gone.record.id)", token: gone.secret).status == 200)
    }
}
