import Foundation
import GatewayCore
import HTTPTransport
import TestSupport
import Testing
import Yams

@Suite("/openapi.yaml, /docs, CORS and security headers")
struct DocsAndBrowserTests {
    @Test("the served spec is the repository's, and it names every operation of the catalogue")
    func spec() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let served = try await gateway.call("GET", "/openapi.yaml")
        #expect(served.status == 200)
        let file = try String(contentsOf: RepoPaths.root.appendingPathComponent("openapi/aurora-gateway.yaml"), encoding: .utf8)
        #expect(served.text == file, "the embedded spec is stale: run scripts/embed-spec.sh")
        let document = try #require(try Yams.load(yaml: served.text) as? [String: Any])
        var ids = Set<String>()
        for (_, item) in document["paths"] as? [String: Any] ?? [:] {
            for (_, operation) in item as? [String: Any] ?? [:] {
                if let id = (operation as? [String: Any])?["operationId"] as? String { ids.insert(id) }
            }
        }
        #expect(ids == Set(OperationCatalogue.all.map(\.id)))
    }

    @Test("/docs is one self-contained page listing the operations, with no script and no external resource")
    func docs() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let page = try await gateway.call("GET", "/docs")
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        for id in ["job.create", "update.start", "tokens.create", "audit.list"] { #expect(page.text.contains(">\(id)<")) }
        #expect(!page.text.contains("<script"))
        #expect(!page.text.contains("src=\"http"))
        #expect(!page.text.contains("href=\"http"))
    }

    @Test("CORS for configured origins only; preflights need no token; every answer carries security headers")
    func browsers() async throws {
        let gateway = try await RunningGateway.start { config in
            MatrixFixture.configure(&config)
            config.corsAllowedOrigins = ["https://ali-ci.example.org"]
        }
        defer { Task { await gateway.stop() } }
        let preflight = try await gateway.call("OPTIONS", "/v1/me", headers: [HTTPHeader("Origin", "https://ali-ci.example.org"),
                                                                              HTTPHeader("Access-Control-Request-Method", "GET")])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://ali-ci.example.org")
        #expect(preflight.header("Access-Control-Allow-Headers")?.contains("Authorization") == true)
        #expect(preflight.header("X-Request-Id")?.hasPrefix("req_") == true)
        let stranger = try await gateway.call("OPTIONS", "/v1/me", headers: [HTTPHeader("Origin", "https://evil.example"),
                                                                             HTTPHeader("Access-Control-Request-Method", "GET")])
        #expect(stranger.status == 403)
        #expect(stranger.header("Access-Control-Allow-Origin") == nil)
        let alice = try await gateway.issue("alice").secret
        let me = try await gateway.call("GET", "/v1/me", token: alice, headers: [HTTPHeader("Origin", "https://ali-ci.example.org")])
        #expect(me.header("Access-Control-Allow-Origin") == "https://ali-ci.example.org")
        #expect(me.header("Access-Control-Expose-Headers")?.contains("X-Request-Id") == true)
        for answer in [me, try await gateway.call("GET", "/v1/me"), try await gateway.call("GET", "/healthz")] {
            #expect(answer.header("X-Content-Type-Options") == "nosniff")
            #expect(answer.header("X-Frame-Options") == "DENY")
            #expect(answer.header("Cache-Control") == "no-store")
        }
    }
}
