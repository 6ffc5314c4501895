import Foundation
import GatewayCore
import HTTPTypes
import OpenAPIRuntime

/// `Idempotency-Key` on POST: the first answer is kept 24 h and returned to retries with the same key and request
/// (marked `Idempotent-Replayed: true`); the same key with another request, or while the first still runs, is 409.
struct IdempotencyKeys: Sendable {
    let store: any IdempotencyStore
    static let window: TimeInterval = 24 * 3600
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
    static let header = HTTPField.Name("Idempotency-Key")!
    /// The operations that honour the key (as the spec declares it). Never `tokens.create`: its answer holds a secret
    /// that must be shown once and stored nowhere.
    static let operations: Set<String> = ["job.create", "update.start", "job.killInstances", "job.restart", "job.addInstances",
                                          "cron.run", "maintenance.set"]

    func once(key: String, operation: String, caller: Caller, request: RequestInfo,
              run: @Sendable () async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        guard !key.isEmpty, key.count <= 200, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw GatewayProblem.badRequest("Idempotency-Key must be 1…200 visible ASCII characters, e.g. a UUID")
        }
        let digest = RequestDigest.fingerprint(method: request.method, path: request.path, query: request.query, body: request.body)
        let stored: IdempotentAnswer?
        do {
            stored = try await store.claim(actor: caller.actor, operation: operation, key: key, digest: digest,
                                           requestID: request.requestID, now: Date(), window: Self.window)
        } catch {
            throw GatewayProblem.unavailable("idempotency keys cannot be read (\(type(of: error))); nothing was done: retry shortly", kind: "database-unavailable")
        }
        if let stored {
            guard stored.digest == digest else {
                throw GatewayProblem(status: 409, kind: "idempotency-key-reused", title: "Conflict",
                                     detail: "Idempotency-Key \(key) was used for a different \(operation) request (\(stored.requestID)): use a new key for a new request")
            }
            guard let status = stored.status else {
                throw GatewayProblem(status: 409, kind: "idempotency-in-progress", title: "Conflict",
                                     detail: "the first request with Idempotency-Key \(key) (\(stored.requestID)) is still running: retry in a moment")
            }
            AuditNotes.current?.result("replayed the answer of \(stored.requestID) (Idempotency-Key)")
            var response = HTTPResponse(status: .init(code: status))
            response.headerFields[.contentType] = status >= 400 ? "application/problem+json" : "application/json"
            response.headerFields[Self.replayed] = "true"
            return (response, HTTPBody(stored.body))
        }
        do {
            let (response, body) = try await run()
            var bytes: [UInt8] = []
            if let body { bytes = try await [UInt8](collecting: body, upTo: 16 << 20) }
            if response.status.code < 500 {
                try? await store.complete(actor: caller.actor, operation: operation, key: key, status: response.status.code, body: bytes)
            } else {
                try? await store.release(actor: caller.actor, operation: operation, key: key)
            }
            return (response, body == nil ? nil : HTTPBody(bytes))
        } catch {
            if let problem = error as? GatewayProblem, problem.status < 500 {
                try? await store.complete(actor: caller.actor, operation: operation, key: key, status: problem.status,
                                          body: ProblemResponse.body(problem, requestID: request.requestID))
            } else {
                try? await store.release(actor: caller.actor, operation: operation, key: key)
            }
            throw error
        }
    }
}
