import AuroraSimulator
import AuroraThrift
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore

/// Runs `body` against a simulator listening on an ephemeral port of 127.0.0.1, then shuts it down.
func withSimulator<T: Sendable>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: @Sendable (SimulatorServer) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration(taskStepInterval: .milliseconds(5))
    configure(&configuration)
    var logger = Logger(label: "simulator-test")
    logger.logLevel = .warning
    let server = try await SimulatorServer.start(configuration, logger: logger)
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// A tiny HTTP/1.1 client (Hummingbird's NIO test client) speaking Thrift to the simulator.
struct SimulatorClient: Sendable {
    let port: Int

    init(_ server: SimulatorServer) {
        port = server.port
    }

    /// Sends one raw HTTP request on a fresh connection.
    func send(
        _ method: HTTPRequest.Method = .post,
        _ path: String = "/api",
        headers: HTTPFields = [:],
        body: [UInt8]? = nil
    ) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(TestClient.Request(path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }))
        }
    }

    /// Calls one RPC with the given protocol (both directions) and decodes the reply.
    func call<C: AuroraCall>(_ call: C, as kind: ThriftProtocolKind = .json, headers: HTTPFields = [:]) async throws -> Response {
        var fields = headers
        fields[.contentType] = kind.contentType
        fields[.accept] = kind.contentType
        let reply = try await send(headers: fields, body: ThriftCodec.encodeCall(call, as: kind))
        guard reply.status == .ok else { throw UnexpectedStatus(status: reply.status.code, body: reply.text) }
        return try ThriftCodec.decodeReply(reply.bytes, method: C.methodName, as: kind)
    }
}

struct UnexpectedStatus: Error, CustomStringConvertible {
    let status: Int
    let body: String
    var description: String { "HTTP \(status): \(body)" }
}

extension TestClient.Response {
    var bytes: [UInt8] { body.map { Array($0.readableBytesView) } ?? [] }
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
