import Foundation
import HTTPTransport
import Testing

@Suite("libcurl transport against a real local server")
struct CurlHTTPClientTests {
    let client = CurlHTTPClient(threads: 4)

    @Test("a POST carries body, headers and the late Authorization value; no Expect: 100-continue")
    func postEcho() async throws {
        let server = try await LocalHTTPServer.start()
        defer { server.stop() }
        let body = Array(repeating: UInt8(ascii: "x"), count: 5000)
        let response = try await client.send(HTTPRequest(
            url: "\(server.base)/echo", headers: [HTTPHeader("Content-Type", "application/vnd.apache.thrift.json")],
            body: body, authorization: { "Negotiate dG9rZW4=" }))
        #expect(response.status == 200)
        #expect(response.body == body)
        #expect(response.header("content-type") == "text/plain")
        #expect(response.timing.total > 0)
        let seen = try await client.send(HTTPRequest(
            url: "\(server.base)/inspect", headers: [HTTPHeader("Content-Type", "application/vnd.apache.thrift.json")],
            body: body, authorization: { "Negotiate dG9rZW4=" }))
        #expect(String(decoding: seen.body, as: UTF8.self)
            == "authorization=Negotiate dG9rZW4=;content-type=application/vnd.apache.thrift.json;expect=none")
    }

    @Test("a 307 is returned, not followed, with the resolved Location")
    func redirectNotFollowed() async throws {
        let server = try await LocalHTTPServer.start()
        defer { server.stop() }
        let response = try await client.send(HTTPRequest(url: "\(server.base)/redirect", body: [1]))
        #expect(response.status == 307)
        #expect(response.redirectURL == "http://localhost:1/api")
    }

    @Test("a closed port is 'connection refused' and provably never reached the server")
    func connectionRefused() async throws {
        let error = await #expect(throws: TransportError.self) {
            try await client.send(HTTPRequest(url: "http://127.0.0.1:1/api", body: [1]))
        }
        guard case .connectionRefused(let url, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(url == "http://127.0.0.1:1/api")
        #expect(error?.neverReachedServer == true)
    }

    @Test("a slow answer times out, and the write may have been processed")
    func timeout() async throws {
        let server = try await LocalHTTPServer.start()
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await client.send(HTTPRequest(url: "\(server.base)/slow", body: [1], timeout: .milliseconds(300)))
        }
        guard case .timeout? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.neverReachedServer == false)
        #expect(error?.description.contains("/slow") == true)
    }

    @Test("a response over the size limit fails instead of growing memory")
    func sizeLimit() async throws {
        let server = try await LocalHTTPServer.start()
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await client.send(HTTPRequest(url: "\(server.base)/big", method: "GET", maxResponseBytes: 100_000))
        }
        guard case .responseTooLarge(_, let limit)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(limit == 100_000)
        let small = try await client.send(HTTPRequest(url: "\(server.base)/big", method: "GET"))
        #expect(small.body.count == 200_000)
    }

    @Test("when the Authorization value cannot be made, nothing is sent")
    func authorizationFailure() async throws {
        struct NoTicket: Error {}
        let server = try await LocalHTTPServer.start()
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await client.send(HTTPRequest(url: "\(server.base)/echo", body: [1], authorization: { throw NoTicket() }))
        }
        guard case .authorizationFailed(_, let underlying)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(underlying is NoTicket)
        let count = try await client.send(HTTPRequest(url: "\(server.base)/count", method: "GET"))
        #expect(String(decoding: count.body, as: UTF8.self) == "0")
    }

    @Test("many concurrent requests share a small pool of handles")
    func concurrency() async throws {
        let server = try await LocalHTTPServer.start()
        defer { server.stop() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(url: "\(server.base)/echo", body: Array("\(index)".utf8)))
                    #expect(String(decoding: response.body, as: UTF8.self) == "\(index)")
                    return response.status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 64)
        #expect(statuses.allSatisfy { $0 == 200 })
    }

    @Test("an unsupported scheme is an invalid URL")
    func invalidURL() async throws {
        let error = await #expect(throws: TransportError.self) {
            try await client.send(HTTPRequest(url: "nosuchscheme://example/api", body: [1]))
        }
        guard case .invalidURL? = error else { Issue.record("got \(String(describing: error))"); return }
    }
}
