import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging

/// Every request passes here: a request id, refusal of tokens in query strings, authentication (outside the
/// public paths), per-address limits on failed authentication, per-token rate limits, and errors as problem+json.
struct GatewayMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let authenticator: Authenticator
    let limiter: RateLimiter
    let pipeline: OperationPipeline
    /// Peers whose `X-Forwarded-For` is believed.
    var trustedProxies: [IPRange] = []
    /// Where request counts and latencies go; nil in tests that do not look.
    var metrics: GatewayMetrics?

    /// Paths that need no token: health, metrics, the spec and docs, and the webhook (which checks its signature).
    static let publicPaths: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml", "/docs", "/v1/webhooks/github"]
    static let requestIDHeader = HTTPField.Name("X-Request-Id")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = RequestID.make()
        let observation = RequestObservation()
        let sourceIP = ClientAddress.resolve(peer: context.sourceIP, forwardedFor: request.headers[Self.forwardedFor], trusted: trustedProxies)
        var response: Response
        do {
            response = try await serve(request, context: context, requestID: requestID, sourceIP: sourceIP, observation: observation, next: next)
        } catch {
            var problem = ProblemResponse.problem(for: error, requestID: requestID)
            if problem.status == 404, error is HTTPError,
               let wrongMethod = AllowedMethods.problem(method: request.method.rawValue, path: request.uri.path) {
                problem = wrongMethod
            }
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["request_id": .string(requestID), "path": .string(request.uri.path),
                                                                  "error": .string(String(describing: type(of: error)))])
            }
            response = ProblemResponse.make(problem, requestID: requestID)
        }
        response.headers[Self.requestIDHeader] = requestID
        finish(request, response: response, requestID: requestID, sourceIP: sourceIP, observation: observation,
               elapsed: ContinuousClock.now - started, logger: context.logger)
        return response
    }

    /// Metrics and the access log line: writes and failures at info, successful reads at debug (they are audited anyway).
    private func finish(_ request: Request, response: Response, requestID: String, sourceIP: String?,
                        observation: RequestObservation, elapsed: Duration, logger: Logger) {
        let status = response.status.code
        let operation = observation.operation ?? Self.routeName(request.uri.path)
        // Catalogue operations are counted by OperationGate, whichever front end ran them; this counts the rest.
        if observation.operation == nil { metrics?.request(operation: operation, status: status, duration: elapsed) }
        let quiet = status < 400 && (request.method == .get || request.method == .head)
        let level: Logger.Level = quiet ? .debug : (status >= 500 ? .error : .info)
        guard logger.logLevel <= level else { return }
        logger.log(level: level, "request", metadata: [
            "request_id": .string(requestID), "operation": .string(operation), "actor": .string(observation.actor ?? "-"),
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(status),
            "duration_ms": .stringConvertible(Double(Int(Durations.seconds(elapsed) * 10_000)) / 10), "source_ip": .string(sourceIP ?? "-"),
        ])
    }

    /// A bounded label for requests that are not catalogue operations.
    static func routeName(_ path: String) -> String {
        switch path {
        case "/healthz", "/readyz", "/metrics", "/openapi.yaml", "/docs": return String(path.dropFirst())
        case "/v1/rpc": return "rpc"
        case "/v1/webhooks/github": return "webhook.github"
        default: return "unmatched"
        }
    }

    private func serve(_ request: Request, context: Context, requestID: String, sourceIP: String?, observation: RequestObservation,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        let userAgent = request.headers[.userAgent]
        let info = RequestInfo(requestID: requestID, sourceIP: sourceIP, userAgent: userAgent, method: request.method.rawValue,
                               path: request.uri.path)
        do { try Self.refuseQueryTokens(request) } catch {
            // A token in a URL counts as a failed authentication: the per-address limit bounds these records too.
            try limiter.checkFailures(from: sourceIP ?? "unknown")
            limiter.recordFailure(from: sourceIP ?? "unknown")
            await pipeline.appendOrLog(AuditRecords.unauthenticated(info, problem: error))
            throw error
        }
        guard !Self.publicPaths.contains(request.uri.path) else {
            let scope = RequestScope(requestID: requestID, caller: nil, sourceIP: sourceIP, userAgent: userAgent, observation: observation)
            return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
        }
        let address = sourceIP ?? "unknown"
        try limiter.checkFailures(from: address)
        let caller: Caller
        do {
            caller = try await authenticator.authenticate(authorization: request.headers[.authorization], sourceIP: sourceIP)
        } catch {
            if error.isCallerMistake { limiter.recordFailure(from: address) }
            await pipeline.appendOrLog(AuditRecords.unauthenticated(info, problem: error.problem))
            throw error.problem
        }
        // JSON-RPC charges each call by its own method (read or write) instead.
        if request.uri.path != "/v1/rpc" {
            try limiter.admit(tokenID: caller.token.id, write: !(request.method == .get || request.method == .head))
        }
        observation.noteActor(caller.actor)
        let scope = RequestScope(requestID: requestID, caller: caller, sourceIP: sourceIP, userAgent: userAgent, observation: observation)
        return try await RequestScope.$current.withValue(scope) { try await next(request, context) }
    }

    /// Tokens travel only in `Authorization`: a query string ends up in access logs, proxies and browser history.
    static func refuseQueryTokens(_ request: Request) throws(GatewayProblem) {
        let suspicious = ["access_token", "token", "api_key", "apikey", "bearer"]
        for (key, value) in request.uri.queryParameters {
            let name = String(key).lowercased()
            if suspicious.contains(name) || value.hasPrefix("agwu_") || value.hasPrefix("agws_") {
                throw .badRequest("a token was sent in the query string (parameter \(name)): send it only as Authorization: Bearer <token>, and revoke this one, since URLs are logged",
                                  kind: "token-in-query")
            }
        }
    }
}
