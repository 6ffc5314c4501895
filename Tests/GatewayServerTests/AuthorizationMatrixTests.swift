import GatewayCore
import Testing

@Suite("Authorization matrix over the real HTTP stack: callers × every catalogue operation × targets")
struct AuthorizationMatrixTests {
    @Test("every targeted operation: a token scoped to exactly it is granted only where the hand-written table allows")
    func targetedOperations() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        var cells = 0
        for (login, kind) in MatrixFixture.callers {
            let caller = try await gateway.issue(login, kind: kind)
            for operation in OperationCatalogue.all where operation.isTargeted {
                for target in MatrixFixture.targets(for: operation.target) {
                    let answer = try await gateway.call("POST", "/v1/tokens", token: caller.secret,
                                                        json: ["scopes": [["actions": [operation.id], "on": [target]]]])
                    let allowed = MatrixFixture.expected(login, operation.id, target)
                    #expect(answer.status == (allowed ? 201 : 403), "\(login) \(operation.id) \(target): \(answer.text)")
                    if !allowed {
                        #expect(answer.detail.contains(operation.id) && answer.detail.contains(target), "\(answer.detail)")
                        #expect(answer.type == "urn:aurora-gateway:problem:forbidden")
                    }
                    cells += 1
                }
            }
        }
        #expect(cells == MatrixFixture.callers.count * 107)
    }

    @Test("a scoped token works within its scope, and its own scopes bound what it may create")
    func scopedTokens() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let narrow = try await gateway.issue("alice", scopes: [TokenScope(actions: ["job.*", "tokens.create"], on: ["build/mesostest/devel/*"])])
        let inside = try await gateway.call("POST", "/v1/tokens", token: narrow.secret,
                                            json: ["scopes": [["actions": ["job.create"], "on": [MatrixFixture.devel]]]])
        #expect(inside.status == 201)
        let outside = try await gateway.call("POST", "/v1/tokens", token: narrow.secret,
                                             json: ["scopes": [["actions": ["job.create"], "on": [MatrixFixture.prod]]]])
        #expect(outside.status == 403)
        #expect(outside.detail.contains("calling token \(narrow.record.id)"))
        let defaulted = try await gateway.call("POST", "/v1/tokens", token: narrow.secret, json: ["name": "child"])
        #expect(defaulted.status == 201)
        #expect((defaulted.object["scopes"] as? [[String: Any]])?.first?["on"] as? [String] == ["build/mesostest/devel/*"])
        let list = try await gateway.call("GET", "/v1/tokens", token: narrow.secret)
        #expect(list.status == 403)
        #expect(list.detail.contains("not scoped for tokens.list"))
        let me = try await gateway.call("GET", "/v1/me", token: narrow.secret)
        #expect(me.status == 200)
    }

    @Test("a globbed scope is checked against the rules' globs; unknown actions and bad globs are 400s naming them")
    func globbedScopes() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        let within = try await gateway.call("POST", "/v1/tokens", token: alice.secret,
                                            json: ["scopes": [["actions": ["update.*", "read"], "on": ["build/mesostest/*/*"]]]])
        #expect(within.status == 201)
        let beyond = try await gateway.call("POST", "/v1/tokens", token: alice.secret,
                                            json: ["scopes": [["actions": ["job.*"], "on": ["build/*/*/*"]]]])
        #expect(beyond.status == 403)
        #expect(beyond.detail.contains("build/*/*/*"))
        let unknown = try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["scopes": [["actions": ["jobs.kil"]]]])
        #expect(unknown.status == 400)
        #expect(unknown.detail.contains("scopes[0].actions[0]") && unknown.detail.contains("jobs.kil"))
        let badGlob = try await gateway.call("POST", "/v1/tokens", token: alice.secret,
                                             json: ["scopes": [["actions": ["read"], "on": ["build/mesostest"]]]])
        #expect(badGlob.status == 400)
        #expect(badGlob.detail.contains("scopes[0].on[0]"))
        let extra = try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["name": "x", "expires": 3])
        #expect(extra.status == 400)
        #expect(extra.detail.contains("expires"))
        let tooLong = try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["expires_in_days": 400])
        #expect(tooLong.status == 400)
        #expect(tooLong.detail.contains("366"))
    }
}
