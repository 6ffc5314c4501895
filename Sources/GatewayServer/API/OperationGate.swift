import GatewayCore
import HTTPTypes
import OpenAPIRuntime

/// Authorizes every generated REST operation before its handler runs: the operation id names the catalogue
/// entry, the path's `{cluster}/{role}/{env}/{name}` the target. An operation missing from the catalogue is refused.
struct OperationGate: ServerMiddleware {
    let authorizer: Authorizer

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        guard let operation = OperationCatalogue.named(operationID) else {
            throw GatewayProblem(status: 500, kind: "internal", title: "Internal error",
                                 detail: "operation \(operationID) is not in the gateway's operation catalogue, so it is refused")
        }
        let caller = try RequestScope.requireCaller()
        let parameters = metadata.pathParameters
        let target = PolicyTarget(cluster: parameters["cluster"].map(String.init), role: parameters["role"].map(String.init),
                                  environment: parameters["env"].map(String.init), job: parameters["name"].map(String.init))
        let decision = authorizer.decide(caller, operation, target: target)
        guard decision.allowed else { throw decision.problem }
        return try await next(request, body, metadata)
    }
}
