import Foundation
import GatewayCore
import HTTPTransport
import Testing

@Suite("Authentication answers: 401 cases, tokens in query strings, failed-auth and per-token rate limits")
struct AuthenticationTests {
    @Test("each way a token can be wrong is a 401 saying which, with WWW-Authenticate")
    func unauthorized() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        let expired = try await gateway.issue("alice", expiresInDays: 1, now: Date().addingTimeInterval(-2 * 86_400))
        var typo = Array(alice.secret)
        typo[10] = typo[10] == "a" ? "b" : "a"
        let unknown = TokenSecret.generate(kind: .user).text
        let cases: [(String?, String, String)] = [
            (nil, "token-missing", "no Authorization header"),
            ("Basic YWxpY2U6c2VjcmV0", "token-missing", "not \"Bearer <token>\""),
            ("Bearer abc", "token-malformed", "not 43 characters"),
            ("Bearer " + String(typo), "token-malformed", "checksum"),
            ("Bearer " + unknown, "token-unknown", "not known to this gateway"),
            ("Bearer " + expired.secret, "token-expired", "\(expired.record.id) expired at"),
        ]
        for (authorization, kind, phrase) in cases {
            let answer = try await gateway.call("GET", "/v1/me", authorization: authorization)
            #expect(answer.status == 401, "\(kind)")
            #expect(answer.type == "urn:aurora-gateway:problem:\(kind)")
            #expect(answer.detail.contains(phrase), "\(answer.detail)")
            #expect(answer.header("WWW-Authenticate")?.hasPrefix("Bearer realm=\"aurora-gateway\"") == true)
            #expect(answer.header("Content-Type") == "application/problem+json")
            #expect(answer.object["request_id"] as? String == answer.header("X-Request-Id"))
            if kind != "token-missing" {
                #expect(answer.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
            }
        }
        #expect(try await gateway.call("GET", "/v1/me", token: alice.secret).status == 200)
    }

    @Test("a token in the query string is refused, even a valid one, and the answer says to revoke it")
    func queryString() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        for query in ["access_token=\(alice.secret)", "x=\(alice.secret)", "token=abc"] {
            let answer = try await gateway.call("GET", "/v1/me?\(query)", token: alice.secret)
            #expect(answer.status == 400)
            #expect(answer.type == "urn:aurora-gateway:problem:token-in-query")
            #expect(answer.detail.contains("revoke"))
            #expect(!answer.text.contains(alice.secret))
        }
    }

    @Test("public paths need no token; unknown paths are problem+json 401 without one and 404 with one")
    func publicPaths() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        #expect(try await gateway.call("GET", "/healthz").status == 200)
        #expect(try await gateway.call("GET", "/v1/nothing").status == 401)
        let alice = try await gateway.issue("alice")
        let missing = try await gateway.call("GET", "/v1/nothing", token: alice.secret)
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/problem+json")
    }

    @Test("a known path asked with the wrong method: 405 with Allow naming the methods it takes; unknown shapes stay 404")
    func wrongMethod() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        let job = "/v1/clusters/build/jobs/mesostest/devel/hello"
        let cases: [(method: String, path: String, allow: String)] = [
            ("PUT", job, "DELETE, GET, POST"), ("DELETE", "/v1/me", "GET"), ("GET", "/v1/rpc", "POST"),
            ("PATCH", "/v1/tokens/abc", "DELETE, GET"), ("POST", "/healthz", "GET, HEAD"), ("HEAD", "/v1/me", "GET"), ("GET", "\(job)/cron", "DELETE, PUT"),
            ("DELETE", "/v1/clusters/build/roles/mesostest/quota", "GET, PUT"), ("PUT", "\(job)/updates", "GET, POST"),
            ("POST", "\(job)/instances/0/logs/hello/stdout", "GET"), ("DELETE", "\(job)/updates/u1", "GET"),
        ]
        for (method, path, allow) in cases {
            let answer = try await gateway.call(method, path, token: alice.secret)
            #expect(answer.status == 405, "\(method) \(path)")
            #expect(answer.header("Allow") == allow, "\(method) \(path)")
            #expect(answer.header("Content-Type") == "application/problem+json")
            #expect(method == "HEAD" || (answer.detail.contains("does not take \(method)") && answer.detail.contains(allow)))
        }
        #expect(try await gateway.call("GET", job, token: alice.secret).status != 405)
        let head = try await gateway.call("HEAD", "/healthz")
        #expect(head.status == 200 && head.text.isEmpty)
        for path in ["\(job)/nothing", "/v1/clusters//roles", "/v1/me/extra"] {
            #expect(try await gateway.call("DELETE", path, token: alice.secret).status == 404, "\(path)")
        }
    }

    @Test("too many failed authentications from one address: 429 with Retry-After, even for a good token")
    func failedAuthLimit() async throws {
        let gateway = try await RunningGateway.start { config in
            MatrixFixture.configure(&config)
            config.rateLimits.failedAuthPerMinute = 3
        }
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        for _ in 0..<3 {
            #expect(try await gateway.call("GET", "/v1/me", token: TokenSecret.generate(kind: .user).text).status == 401)
        }
        let blocked = try await gateway.call("GET", "/v1/me", token: alice.secret)
        #expect(blocked.status == 429)
        #expect(Int(blocked.header("Retry-After") ?? "") ?? 0 >= 1)
        #expect(blocked.detail.contains("failed authentications"))
    }

    @Test("per-token buckets: reads and writes are limited separately, with Retry-After")
    func tokenBuckets() async throws {
        let gateway = try await RunningGateway.start { config in
            MatrixFixture.configure(&config)
            config.rateLimits = RateLimits(readsPerSecond: 0.001, readsBurst: 3, writesPerSecond: 0.001, writesBurst: 1)
        }
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        for _ in 0..<3 { #expect(try await gateway.call("GET", "/v1/me", token: alice.secret).status == 200) }
        let limited = try await gateway.call("GET", "/v1/me", token: alice.secret)
        #expect(limited.status == 429)
        #expect(limited.detail.contains("reads limit"))
        #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
        #expect(try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["name": "a"]).status == 201)
        let write = try await gateway.call("POST", "/v1/tokens", token: alice.secret, json: ["name": "b"])
        #expect(write.status == 429)
        #expect(write.detail.contains("writes limit"))
        let bob = try await gateway.issue("bob")
        #expect(try await gateway.call("GET", "/v1/me", token: bob.secret).status == 200)
    }
}
