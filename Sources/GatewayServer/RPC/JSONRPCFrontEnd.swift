import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird

/// `POST /v1/rpc`: JSON-RPC 2.0 over the same operations. Each call becomes the REST request of its operation
/// (`RESTBinding`) and runs through the same router — validation, authorization, audit and answers are the REST
/// ones. Batches are limited in size; every call in a batch is authorized, rate-limited and audited on its own.
struct JSONRPCFrontEnd: Sendable {
    let responder: RouterResponder<GatewayRequestContext>
    let limiter: RateLimiter
    static let maxBatch = 50
    static let maxBody = 4 << 20

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let caller = try RequestScope.requireCaller()
        let body = try await request.body.collect(upTo: Self.maxBody)
        let single: Any
        switch JSONRPCEnvelope.body(Data(buffer: body), maxBatch: Self.maxBatch) {
        case .refused(let error):
            return Self.json(Self.reply(id: NSNull(), error: error))
        case .batch(let batch):
            var replies: [Any] = []
            for (index, call) in batch.enumerated() {
                if let reply = await self.call(call, index: index, batched: true, caller: caller, context: context) { replies.append(reply) }
            }
            return replies.isEmpty ? Response(status: .noContent) : Self.json(replies)
        case .single(let value):
            single = value
        }
        guard let reply = await self.call(single, index: 0, batched: false, caller: caller, context: context) else {
            return Response(status: .noContent)
        }
        return Self.json(reply)
    }

    /// One call: nil for a notification (no reply), else the reply object.
    func call(_ value: Any, index: Int, batched: Bool, caller: Caller, context: GatewayRequestContext) async -> [String: Any]? {
        let envelope: JSONRPCEnvelope.Call
        switch JSONRPCEnvelope.call(value) {
        case .refused(let refusal): return refusal.answerIsDue ? Self.reply(id: refusal.id ?? NSNull(), error: refusal.error) : nil
        case .call(let call): envelope = call
        }
        let id = envelope.id, method = envelope.method, params = envelope.params
        let isNotification = id == nil
        func answer(error: [String: Any]) -> [String: Any]? { isNotification ? nil : Self.reply(id: id ?? NSNull(), error: error) }
        guard let binding = RESTBinding.all[method] else {
            return answer(error: JSONRPCError.object(code: JSONRPCError.methodNotFound, message: "no method \(method): the methods are the REST operation ids, e.g. jobs.list, job.create (see /openapi.yaml)"))
        }
        let built: RPCRequest
        do { built = try RPCRequest.make(binding, method: method, params: params) } catch {
            return answer(error: JSONRPCError.object(code: JSONRPCError.invalidParams, message: error.message))
        }
        do { try limiter.admit(tokenID: caller.token.id, write: binding.method != "GET") } catch {
            return answer(error: JSONRPCError.object(status: error.status, problem: ["type": error.type, "title": error.title, "detail": error.detail]))
        }
        let outer = RequestScope.current
        let scope = RequestScope(requestID: batched ? "\(outer?.requestID ?? "req").\(index)" : outer?.requestID ?? "req",
                                 caller: caller, sourceIP: outer?.sourceIP, userAgent: outer?.userAgent)
        let (status, body) = await RequestScope.$current.withValue(scope) { await dispatch(built, context: context, requestID: scope.requestID) }
        guard !isNotification else { return nil }
        let result = body.isEmpty ? NSNull() : ((try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) ?? NSNull())
        if (200..<300).contains(status) { return ["jsonrpc": "2.0", "id": id ?? NSNull(), "result": result] }
        return Self.reply(id: id ?? NSNull(), error: JSONRPCError.object(status: status, problem: result as? [String: Any] ?? [:]))
    }

    /// Runs the REST request in process; answers the status and body.
    func dispatch(_ built: RPCRequest, context: GatewayRequestContext, requestID: String) async -> (Int, [UInt8]) {
        await InProcessDispatcher(responder: responder).dispatch(method: built.method, target: built.target, body: built.body,
                                                                 context: context, requestID: requestID)
    }

    static func reply(id: Any, error: [String: Any]) -> [String: Any] { ["jsonrpc": "2.0", "id": id, "error": error] }

    static func json(_ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
