import Foundation
import Hummingbird
import Synchronization

/// A real HTTP server on 127.0.0.1 for the transport tests.
final class LocalHTTPServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    var base: String { "http://127.0.0.1:\(port)" }

    static func start() async throws -> LocalHTTPServer {
        let counter = RequestCounter()
        let router = Router()
        router.post("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: body))
        }
        router.post("/inspect") { request, _ -> String in
            _ = try await request.body.collect(upTo: 1 << 20)
            let auth = request.headers[.authorization] ?? "none"
            let type = request.headers[.contentType] ?? "none"
            let expect = request.headers[.expect] ?? "none"
            return "authorization=\(auth);content-type=\(type);expect=\(expect)"
        }
        router.post("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(3))
            return "late"
        }
        router.post("/redirect") { _, _ -> Response in
            Response(status: .temporaryRedirect, headers: [.location: "http://localhost:1/api"])
        }
        router.get("/big") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x61, count: 200_000)))
        }
        router.get("/count") { _, _ -> String in
            "\(counter.value.load(ordering: .relaxed))"
        }
        let ports = AsyncStream<Int>.makeStream()
        let app = Application(
            router: RouterWithCounter(router: router, counter: counter),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.run() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return LocalHTTPServer(port: port, task: task)
    }

    func stop() { task.cancel() }
}

/// Counts every request that reaches the server (to prove a failed request sent nothing).
struct RouterWithCounter: HTTPResponderBuilder {
    let router: Router<BasicRequestContext>
    let counter: RequestCounter

    func buildResponder() -> some HTTPResponder<BasicRequestContext> {
        let inner = router.buildResponder()
        let counter = counter
        return CallbackResponder { request, context in
            if request.uri.path != "/count" { counter.value.add(1, ordering: .relaxed) }
            return try await inner.respond(to: request, context: context)
        }
    }
}

/// A shared request count.
final class RequestCounter: Sendable {
    let value = Atomic<Int>(0)
}
