import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Runs a REST request through the generated handlers in process, with the caller already in `RequestScope`:
/// the JSON-RPC front end and the webhook worker reach operations this way, so they pass the same gate
/// (catalogue, policy, audit) as REST.
struct InProcessDispatcher: Sendable {
    let responder: RouterResponder<GatewayRequestContext>

    /// The status and body of `method target` with a JSON `body`.
    func dispatch(method: String, target: String, body: [UInt8], context: GatewayRequestContext, requestID: String) async -> (Int, [UInt8]) {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.accept] = "application/json"
        let head = HTTPRequest(method: HTTPRequest.Method(method) ?? .get, scheme: "http", authority: "localhost", path: target,
                               headerFields: fields)
        let request = Request(head: head, body: .init(buffer: ByteBuffer(bytes: body)))
        do {
            let response = try await responder.respond(to: request, context: context)
            let sink = CollectedBody()
            try await response.body.write(CollectingWriter(sink: sink))
            return (Int(response.status.code), sink.bytes)
        } catch {
            let problem = ProblemResponse.problem(for: error, requestID: requestID)
            return (problem.status, ProblemResponse.body(problem, requestID: requestID))
        }
    }
}

/// The request context source of in-process requests: a logger and no network peer.
struct InProcessSource: RequestContextSource {
    let logger: Logger
}

extension GatewayRequestContext {
    /// A context for a request made in process (the webhook worker): no peer address.
    init(inProcess logger: Logger) {
        coreContext = .init(source: InProcessSource(logger: logger))
        remoteAddress = nil
    }
}
