/// An error answered to the caller as RFC 9457 problem details: the HTTP status, a stable kind, and one
/// sentence saying what is wrong and what to do. Never carries a secret.
public struct GatewayProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public let status: Int
    /// A stable, dashed name for the kind of problem (`token-expired`); the problem `type` is built from it.
    public let kind: String
    /// A short summary of the kind.
    public let title: String
    /// What is wrong and what to do about it.
    public let detail: String
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`).
    public var headers: [String: String]

    /// Creates a problem.
    public init(status: Int, kind: String, title: String, detail: String, headers: [String: String] = [:]) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.headers = headers
    }

    /// The problem `type` URI.
    public var type: String { "urn:aurora-gateway:problem:\(kind)" }

    public var description: String { "\(status) \(title): \(detail)" }

    /// 400: the request itself is wrong.
    public static func badRequest(_ detail: String, kind: String = "invalid-request") -> GatewayProblem {
        GatewayProblem(status: 400, kind: kind, title: "Invalid request", detail: detail)
    }

    /// 403: authenticated, but not allowed.
    public static func forbidden(_ detail: String) -> GatewayProblem {
        GatewayProblem(status: 403, kind: "forbidden", title: "Forbidden", detail: detail)
    }

    /// 404: no such resource (also answered for other people's tokens, so nothing about them leaks).
    public static func notFound(_ detail: String) -> GatewayProblem {
        GatewayProblem(status: 404, kind: "not-found", title: "Not found", detail: detail)
    }

    /// 429 with `Retry-After`.
    public static func tooManyRequests(_ detail: String, retryAfter seconds: Int) -> GatewayProblem {
        GatewayProblem(status: 429, kind: "rate-limited", title: "Too many requests", detail: detail,
                       headers: ["Retry-After": String(max(1, seconds))])
    }

    /// 503: a dependency cannot answer; nothing was done.
    public static func unavailable(_ detail: String, kind: String = "unavailable") -> GatewayProblem {
        GatewayProblem(status: 503, kind: kind, title: "Service unavailable", detail: detail, headers: ["Retry-After": "5"])
    }
}
