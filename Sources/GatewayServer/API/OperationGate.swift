import Foundation
import GatewayCore
import HTTPTypes
import OpenAPIRuntime

/// Runs every generated REST operation through the operation pipeline: the operation id names the catalogue
/// entry, the path's `{cluster}/{role}/{env}/{name}` the target; authorization and the audit records happen here,
/// so no route can skip them. Before the handler: path parts and job specs are validated, and an `Idempotency-Key`
/// replays a stored answer. An operation missing from the catalogue is refused.
struct OperationGate: ServerMiddleware {
    let pipeline: OperationPipeline
    let idempotency: IdempotencyKeys
    /// Counts and times every operation here, so REST, JSON-RPC and webhook-launched ones are all counted.
    var metrics: GatewayMetrics?
    static let maxBody = 1 << 20

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        guard let operation = OperationCatalogue.named(operationID) else {
            throw GatewayProblem(status: 500, kind: "internal", title: "Internal error",
                                 detail: "operation \(operationID) is not in the gateway's operation catalogue, so it is refused")
        }
        RequestScope.current?.observation?.noteOperation(operationID)
        let started = ContinuousClock.now
        do {
            let answer = try await gated(request, body: body, metadata: metadata, operation: operation, operationID: operationID, next: next)
            metrics?.request(operation: operationID, status: answer.0.status.code, duration: ContinuousClock.now - started)
            return answer
        } catch {
            metrics?.request(operation: operationID, status: ProblemResponse.problem(for: error, requestID: RequestScope.current?.requestID ?? "-").status,
                             duration: ContinuousClock.now - started)
            throw error
        }
    }

    private func gated(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operation: GatewayCore.Operation, operationID: String,
                       next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        let caller = try RequestScope.requireCaller()
        let scope = RequestScope.current
        let (path, query) = Self.split(request.path ?? "/")
        var info = RequestInfo(requestID: scope?.requestID ?? "-", sourceIP: scope?.sourceIP, userAgent: scope?.userAgent,
                               method: request.method.rawValue, path: path, query: query)
        var bytes: [UInt8] = []
        if let body {
            do { bytes = try await [UInt8](collecting: body, upTo: Self.maxBody) } catch {
                let problem = GatewayProblem(status: 413, kind: "too-large", title: "Request body too large",
                                             detail: "the request body is over \(Self.maxBody) bytes: send a smaller body")
                var record = AuditRecords.decided(operation, target: PolicyTarget(), caller: caller, request: info,
                                                  decision: AccessDecision(allowed: false, rule: "body-limit", reason: problem.detail))
                record.httpStatus = 413
                await pipeline.appendOrLog(record)
                throw problem
            }
        }
        info = RequestInfo(requestID: info.requestID, sourceIP: info.sourceIP, userAgent: info.userAgent, method: info.method,
                           path: path, query: query, body: bytes, started: info.started)
        let parameters = metadata.pathParameters
        let target = PolicyTarget(cluster: parameters["cluster"].map(String.init), role: parameters["role"].map(String.init),
                                  environment: parameters["env"].map(String.init), job: parameters["name"].map(String.init))
        // An empty body is no body (clients that POST without data often still send a form Content-Type).
        let forwarded = bytes.isEmpty ? nil : HTTPBody(bytes)
        var cleaned = request
        if bytes.isEmpty { cleaned.headerFields[.contentType] = nil }
        let request = cleaned
        let requestID = info.requestID
        let (sent, described) = (bytes, info)
        let key = request.headerFields[IdempotencyKeys.header]
        return try await withoutActuallyEscaping(next) { next in
          try await pipeline.run(operation, target: target, caller: caller, request: info) {
            try Self.checkPath(parameters)
            let spec = try SpecValidation.validate(operationID, body: sent)
            let run: @Sendable () async throws -> (HTTPResponse, HTTPBody?) = {
                do {
                    return try await SpecValidation.$current.withValue(spec) { try await next(request, forwarded, metadata) }
                } catch {
                    throw ProblemResponse.problem(for: error, requestID: requestID)
                }
            }
            let answer: (HTTPResponse, HTTPBody?)
            if let key, IdempotencyKeys.operations.contains(operationID) {
                answer = try await idempotency.once(key: key, operation: operationID, caller: caller, request: described, run: run)
            } else {
                answer = try await run()
            }
            return (answer, answer.0.status.code)
          }
        }
    }

    /// Job key parts in paths must be Aurora identifiers (the generator does not check OpenAPI patterns).
    static func checkPath(_ parameters: [String: Substring]) throws(GatewayProblem) {
        for name in ["cluster", "role", "env", "name"] {
            guard let value = parameters[name] else { continue }
            guard AuroraIdentifier.isValid(value), value.utf8.count <= AuroraIdentifier.maxLength else {
                throw .badRequest("\(name) \"\(value)\" must match ^[\\w\\-\\.]+$ (letters, digits, _ - .), not be . or .., and have at most 255 characters")
            }
        }
    }

    /// The path without its query, and the query's decoded parameters.
    static func split(_ target: String) -> (String, [(String, String)]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, []) }
        let components = URLComponents(string: String(target)) ?? URLComponents()
        let query = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        return (String(target[..<mark]), query)
    }
}
