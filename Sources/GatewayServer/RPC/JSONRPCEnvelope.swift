import Foundation

/// What a JSON-RPC 2.0 body says before anything runs: one call or a batch, and for each call its id, method and named
/// params — or the error object that answers it. Pure (Foundation only), so fuzz/run can feed it anything.
enum JSONRPCEnvelope {
    /// The body: one call, a batch of calls, or an error answered with id null.
    enum Body {
        case single(Any)
        case batch([Any])
        case refused([String: Any])
    }

    /// One call whose envelope is right.
    struct Call {
        /// The id to answer with (nil for a notification, which gets no answer).
        let id: Any?
        /// The operation id named as the method.
        let method: String
        /// The named params (empty when absent).
        let params: [String: Any]
    }

    /// A call that cannot run: the error object, and the id to answer with (nil: a notification, no answer).
    struct Refusal {
        let id: Any?
        let answerIsDue: Bool
        let error: [String: Any]
    }

    /// Parses the body and applies the batch rules (not empty, at most `maxBatch` calls).
    static func body(_ bytes: Data, maxBatch: Int) -> Body {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]) } catch {
            return .refused(JSONRPCError.object(code: JSONRPCError.parse, message: "the body is not valid JSON: send a JSON-RPC 2.0 request object or a batch array"))
        }
        guard let batch = parsed as? [Any] else { return .single(parsed) }
        guard !batch.isEmpty else {
            return .refused(JSONRPCError.object(code: JSONRPCError.invalidRequest, message: "an empty batch is not a request: send at least one call"))
        }
        guard batch.count <= maxBatch else {
            return .refused(JSONRPCError.object(code: JSONRPCError.invalidRequest, message: "a batch of \(batch.count) calls is over the limit of \(maxBatch): split it"))
        }
        return .batch(batch)
    }

    /// One call checked: ready to run, or refused.
    enum Checked {
        case call(Call)
        case refused(Refusal)
    }

    /// Checks one call's envelope: an object, `jsonrpc` "2.0", a string method, an id of an allowed type, named params.
    static func call(_ value: Any) -> Checked {
        guard let object = value as? [String: Any] else {
            return .refused(Refusal(id: NSNull(), answerIsDue: true, error: JSONRPCError.object(code: JSONRPCError.invalidRequest, message: "a call must be a JSON object")))
        }
        let id = object["id"]
        func refuse(_ code: Int, _ message: String) -> Checked {
            .refused(Refusal(id: id ?? NSNull(), answerIsDue: id != nil, error: JSONRPCError.object(code: code, message: message)))
        }
        if let id, !(id is String || id is NSNumber || id is NSNull || id is Int || id is Double) {
            return .refused(Refusal(id: NSNull(), answerIsDue: true,
                                    error: JSONRPCError.object(code: JSONRPCError.invalidRequest, message: "id must be a string, a number or null")))
        }
        guard object["jsonrpc"] as? String == "2.0" else { return refuse(JSONRPCError.invalidRequest, "jsonrpc must be \"2.0\"") }
        guard let method = object["method"] as? String else {
            return refuse(JSONRPCError.invalidRequest, "method must be a string naming an operation, e.g. jobs.list")
        }
        switch object["params"] {
        case nil: return .call(Call(id: id, method: method, params: [:]))
        case let named as [String: Any]: return .call(Call(id: id, method: method, params: named))
        default: return refuse(JSONRPCError.invalidParams, "params must be an object of named parameters (cluster, role, env, name, …)")
        }
    }
}
