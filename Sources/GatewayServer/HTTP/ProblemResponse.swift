import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// Renders errors as `application/problem+json` (RFC 9457) with the request id.
enum ProblemResponse {
    /// The response for a problem.
    static func make(_ problem: GatewayProblem, requestID: String) -> Response {
        let data = body(problem, requestID: requestID)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        for (name, value) in problem.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The problem+json document (RFC 9457 members and `request_id`), as every answer and replay carries it.
    static func body(_ problem: GatewayProblem, requestID: String) -> [UInt8] {
        let object: [String: Any] = ["type": problem.type, "title": problem.title, "status": problem.status,
                                     "detail": problem.detail, "request_id": requestID]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    /// The problem an error thrown while serving stands for; unknown errors become a 500 that names the request id.
    static func problem(for error: any Error, requestID: String) -> GatewayProblem {
        switch error {
        case let problem as GatewayProblem:
            return problem
        case let failure as AuthenticationFailure:
            return failure.problem
        case let server as ServerError:
            if let inner = server.underlyingError as? GatewayProblem { return inner }
            if let decoding = server.underlyingError as? DecodingError {
                return .badRequest("the request does not match the API (\(DecodingErrorText.describe(decoding))): see /openapi.yaml for \(server.operationID)")
            }
            if server.operationInput == nil {
                return .badRequest("the request does not match the API for \(server.operationID) (\(server.causeDescription)): see /openapi.yaml")
            }
            return internalError(requestID: requestID)
        case let http as HTTPError:
            let status = http.status.code
            if status == 404 {
                return .notFound("no such path: see /openapi.yaml for the API")
            }
            if status == 413 {
                return GatewayProblem(status: 413, kind: "too-large", title: "Request body too large",
                                      detail: "the request body is over the limit: send a smaller body")
            }
            return GatewayProblem(status: Int(status), kind: "http-\(status)", title: http.status.reasonPhrase,
                                  detail: http.body ?? http.status.reasonPhrase)
        case let tooMany as NIOTooManyBytesError:
            let limit = tooMany.maxBytes.map { " of \($0) bytes" } ?? ""
            return GatewayProblem(status: 413, kind: "too-large", title: "Request body too large",
                                  detail: "the request body is over the limit\(limit): send a smaller body (a JSON-RPC batch holds at most 50 calls)")
        default:
            return internalError(requestID: requestID)
        }
    }

    static func internalError(requestID: String) -> GatewayProblem {
        GatewayProblem(status: 500, kind: "internal", title: "Internal error",
                       detail: "the gateway failed while serving this request: report request id \(requestID) to its operators")
    }
}

/// A readable account of a JSON decoding error, naming the path of the offending field.
enum DecodingErrorText {
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the body" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is required"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be a \(type), not null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
