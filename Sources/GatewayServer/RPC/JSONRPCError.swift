import Foundation

/// JSON-RPC 2.0 error codes: the standard ones, and the gateway's application errors, each carrying the
/// same problem details a REST caller would get.
enum JSONRPCError {
    static let parse = -32700
    static let invalidRequest = -32600
    static let methodNotFound = -32601
    static let invalidParams = -32602
    static let internalError = -32603
    static let unauthenticated = -32001
    static let forbidden = -32003
    static let notFound = -32004
    static let conflict = -32009
    static let rateLimited = -32029
    static let scheduler = -32050

    /// The error object for an HTTP problem answer.
    static func object(status: Int, problem: [String: Any]) -> [String: Any] {
        let code: Int
        switch status {
        case 400, 413, 422: code = invalidParams
        case 401: code = unauthenticated
        case 403: code = forbidden
        case 404: code = notFound
        case 409: code = conflict
        case 429: code = rateLimited
        case 502, 503, 504: code = scheduler
        default: code = internalError
        }
        let message = problem["detail"] as? String ?? problem["title"] as? String ?? "HTTP \(status)"
        var data = problem
        data["http_status"] = status
        return ["code": code, "message": message, "data": data]
    }

    /// A standard error with a message and no data.
    static func object(code: Int, message: String) -> [String: Any] { ["code": code, "message": message] }
}
