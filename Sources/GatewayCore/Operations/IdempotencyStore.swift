public import Foundation

/// The first answer to a POST with an `Idempotency-Key`, kept 24 h so a retry gets the same answer instead of
/// doing the operation twice.
public struct IdempotentAnswer: Sendable, Equatable {
    /// SHA-256 of the request's canonical form; a reuse of the key with another request is refused.
    public let digest: String
    /// nil while the first request is still running.
    public let status: Int?
    /// The answer's body.
    public let body: [UInt8]
    /// The request id of the first request.
    public let requestID: String

    /// Creates an answer.
    public init(digest: String, status: Int?, body: [UInt8], requestID: String) {
        self.digest = digest
        self.status = status
        self.body = body
        self.requestID = requestID
    }
}

/// Where idempotency keys are kept (SQLite in `GatewayStore`). Keys are per actor and operation.
public protocol IdempotencyStore: Sendable {
    /// Claims the key for a new request, or answers what is already stored under it (younger than `window`).
    func claim(actor: String, operation: String, key: String, digest: String, requestID: String, now: Date,
               window: TimeInterval) async throws -> IdempotentAnswer?
    /// Stores the answer of the request that claimed the key.
    func complete(actor: String, operation: String, key: String, status: Int, body: [UInt8]) async throws
    /// Releases a claim whose request failed in a way worth retrying (5xx).
    func release(actor: String, operation: String, key: String) async throws
}
