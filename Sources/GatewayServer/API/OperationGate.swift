import Foundation
import GatewayCore
import HTTPTypes
import OpenAPIRuntime

/// Runs every generated REST operation through the operation pipeline: the operation id names the catalogue
/// entry, the path's `{cluster}/{role}/{env}/{name}` the target; authorization and the audit records happen here,
/// so no route can skip them. An operation missing from the catalogue is refused.
struct OperationGate: ServerMiddleware {
    let pipeline: OperationPipeline
    static let maxBody = 1 << 20

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        guard let operation = OperationCatalogue.named(operationID) else {
            throw GatewayProblem(status: 500, kind: "internal", title: "Internal error",
                                 detail: "operation \(operationID) is not in the gateway's operation catalogue, so it is refused")
        }
        let caller = try RequestScope.requireCaller()
        let scope = RequestScope.current
        var bytes: [UInt8] = []
        if let body {
            do { bytes = try await [UInt8](collecting: body, upTo: Self.maxBody) } catch {
                throw GatewayProblem(status: 413, kind: "too-large", title: "Request body too large",
                                     detail: "the request body is over \(Self.maxBody) bytes: send a smaller body")
            }
        }
        let parameters = metadata.pathParameters
        let target = PolicyTarget(cluster: parameters["cluster"].map(String.init), role: parameters["role"].map(String.init),
                                  environment: parameters["env"].map(String.init), job: parameters["name"].map(String.init))
        let (path, query) = Self.split(request.path ?? "/")
        let info = RequestInfo(requestID: scope?.requestID ?? "-", sourceIP: scope?.sourceIP, userAgent: scope?.userAgent,
                               method: request.method.rawValue, path: path, query: query, body: bytes)
        let forwarded = bytes.isEmpty && body == nil ? nil : HTTPBody(bytes)
        let requestID = info.requestID
        return try await pipeline.run(operation, target: target, caller: caller, request: info) {
            do {
                let (response, responseBody) = try await next(request, forwarded, metadata)
                return ((response, responseBody), response.status.code)
            } catch {
                throw ProblemResponse.problem(for: error, requestID: requestID)
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
