import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// A hostile caller against the running binary: every answer is a clear 4xx (never a 5xx, never a crash), nothing
/// reaches the scheduler, and the gateway keeps serving others.
@Suite("hostile input against `serve`: oversized and deeply nested bodies, huge headers, path tricks, slow clients")
struct HostileInputTests {
    static func start() async throws -> ProductionTests.Setup {
        try await ProductionTests.start(extra: ProductionTests.policy("allow", "read, job.*, tokens.*"))
    }

    static func schedulerCalls(_ sim: Harness.Server) async throws -> Int {
        let (_, text) = try await Harness.get("\(sim.url)/sim/stats")
        let stats = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return ((stats?["methods"] as? [String: Int]) ?? [:]).filter { $0.key != "getRoleSummary" }.values.reduce(0, +)
    }

    static func problemKind(_ body: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["type"] as? String
    }

    @Test("bodies over the limits get 413 naming the limit; deep nesting gets 400 or a JSON-RPC error, not a crash", .timeLimit(.minutes(1)))
    func bodies() async throws {
        let setup = try await Self.start()
        defer { _ = setup.gateway.process.stop(); _ = setup.sim.process.stop() }
        let base = setup.gateway.url, token = setup.token
        let job = "/v1/clusters/build/jobs/mesostest/devel/hostile"

        let bigSpec = "{\"processes\":[{\"name\":\"x\",\"cmdline\":\"" + String(repeating: "a", count: 2 << 20) + "\"}]}"
        let tooBig = try await ProductionTests.call(base, job, method: "POST", token: token, body: bigSpec, timeout: 20)
        #expect(tooBig.status == 413, "\(tooBig.body.prefix(300))")

        let bigBatch = "[" + Array(repeating: #"{"jsonrpc":"2.0","id":1,"method":"me","params":{"padding":""# + String(repeating: "p", count: 1000) + #""}}"#,
                                   count: 5000).joined(separator: ",") + "]"
        let batch = try await ProductionTests.call(base, "/v1/rpc", method: "POST", token: token, body: bigBatch, timeout: 20)
        #expect(batch.status == 413, "\(batch.body.prefix(300))")
        #expect(batch.body.contains("limit"))

        let deepArray = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepSpec = try await ProductionTests.call(base, job, method: "POST", token: token, body: deepArray, timeout: 20)
        #expect(deepSpec.status == 400, "\(deepSpec.body.prefix(300))")
        let deepObject = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let deepRPC = try await ProductionTests.call(base, "/v1/rpc", method: "POST", token: token, body: deepObject, timeout: 20)
        #expect(deepRPC.status == 200 && deepRPC.body.contains("\"code\":-32"), "\(deepRPC.body.prefix(300))")

        #expect(try await ProductionTests.call(base, "/healthz", token: nil).status == 200)
        #expect(try await Self.schedulerCalls(setup.sim) == 0)
        #expect(setup.gateway.process.isRunning)
    }

    @Test("job keys with traversal, control characters or header injection are refused before the scheduler", .timeLimit(.minutes(1)))
    func pathTricks() async throws {
        let setup = try await Self.start()
        defer { _ = setup.gateway.process.stop(); _ = setup.sim.process.stop() }
        let spec = #"{"resources":{"cpu":0.1,"ram_mb":16,"disk_mb":16},"processes":[{"name":"x","cmdline":"true"}]}"#
        for name in ["..%2F..%2Fetc", "%2E%2E", "hello%0D%0AX-Injected:%201", "hello%00", "%E2%80%AEevil", "a%20b", String(repeating: "n", count: 300)] {
            let answer = try await ProductionTests.call(setup.gateway.url, "/v1/clusters/build/jobs/mesostest/devel/\(name)", method: "POST",
                                                        token: setup.token, body: spec)
            #expect((400..<500).contains(answer.status), "\(name): \(answer.status) \(answer.body.prefix(200))")
            #expect(!answer.body.contains("X-Injected: 1\r\n"))
        }
        let rpc = try await ProductionTests.call(setup.gateway.url, "/v1/rpc", method: "POST", token: setup.token, body: """
        {"jsonrpc":"2.0","id":1,"method":"job.create","params":{"cluster":"build","role":"mesostest","env":"devel","name":"x\\r\\nX-Injected: 1","spec":\(spec)}}
        """)
        #expect(rpc.body.contains("\"code\":-32602"), "\(rpc.body.prefix(300))")
        let dots = try await ProductionTests.call(setup.gateway.url, "/v1/rpc", method: "POST", token: setup.token, body: """
        {"jsonrpc":"2.0","id":1,"method":"job.create","params":{"cluster":"build","role":"..","env":"devel","name":"x","spec":\(spec)}}
        """)
        #expect(dots.body.contains("\"code\":-32602"), "\(dots.body.prefix(300))")
        #expect(try await Self.schedulerCalls(setup.sim) == 0)
    }

    @Test("a 100 KB header is refused and the gateway keeps serving; trickling clients do not block others", .timeLimit(.minutes(1)))
    func headersAndSlowClients() async throws {
        let setup = try await Self.start()
        defer { _ = setup.gateway.process.stop(); _ = setup.sim.process.stop() }
        let huge = try? await ProductionTests.call(setup.gateway.url, "/v1/me", token: setup.token,
                                                   headers: ["X-Padding": String(repeating: "h", count: 100_000)])
        #expect(huge == nil || (400..<500).contains(huge?.status ?? 0), "\(String(describing: huge?.status))")

        // 100 clients that send half a request line and then nothing.
        let port = UInt16(setup.gateway.port)
        var sockets: [RawSocket] = []
        for _ in 0..<100 {
            guard let socket = try? RawSocket(port: port) else { continue }
            _ = socket.send(Array("GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthor".utf8))
            sockets.append(socket)
        }
        defer { for socket in sockets { socket.close() } }
        #expect(sockets.count == 100)
        let started = Date()
        let me = try await ProductionTests.call(setup.gateway.url, "/v1/me", token: setup.token)
        #expect(me.status == 200)
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test("slowloris: a head trickled past header_timeout gets 408 and the socket closes; a pause between requests does not count",
          .timeLimit(.minutes(1)))
    func headerDeadline() async throws {
        let setup = try await ProductionTests.start(extra: ProductionTests.policy("allow", "read, tokens.*") + "\nheader_timeout: 1s")
        defer { _ = setup.gateway.process.stop(); _ = setup.sim.process.stop() }
        let port = UInt16(setup.gateway.port)
        let trickled = try await Task.detached {
            let socket = try RawSocket(port: port)
            defer { socket.close() }
            let start = Date()
            for byte in "GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefghijklmnopqrstuvwxyz".utf8 {
                guard socket.send([byte]) else { break }
                if Date().timeIntervalSince(start) > 4 { break }
                usleep(150_000)
            }
            return socket.readUntilClosed(timeout: 10)
        }.value
        #expect(trickled.hasPrefix("HTTP/1.1 408"), "\(trickled)")
        #expect(trickled.contains("header"), "\(trickled)")

        let token = setup.token
        let answers = try await Task.detached {
            let socket = try RawSocket(port: port)
            defer { socket.close() }
            let request = "GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n\r\n"
            _ = socket.send(Array(request.utf8))
            let first = socket.readAvailable(timeout: 5)
            sleep(2)
            _ = socket.send(Array(request.utf8))
            let second = socket.readAvailable(timeout: 5)
            return (first, second)
        }.value
        #expect(answers.0.hasPrefix("HTTP/1.1 200"), "\(answers.0.prefix(200))")
        #expect(answers.1.hasPrefix("HTTP/1.1 200"), "a keep-alive pause longer than header_timeout closed the connection: \(answers.1.prefix(200))")
    }
}

/// A blocking loopback TCP socket for tests that need byte-level control over what a client sends.
struct RawSocket: Sendable {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw TestSupportError("cannot connect to 127.0.0.1:\(port)")
        }
    }

    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Reads until the peer closes or `timeout` seconds pass.
    func readUntilClosed(timeout: Double) -> String {
        read(timeout: timeout, stopWhenIdle: false)
    }

    /// Reads what arrives until the line has been quiet for half a second (or `timeout` passes).
    func readAvailable(timeout: Double) -> String {
        read(timeout: timeout, stopWhenIdle: true)
    }

    private func read(timeout: Double, stopWhenIdle: Bool) -> String {
        var collected: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 500)
            if ready == 0 {
                if stopWhenIdle && !collected.isEmpty { break }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            collected += buffer[0..<count]
        }
        return String(decoding: collected, as: UTF8.self)
    }

    func close() { Glibc.close(fd) }
}
