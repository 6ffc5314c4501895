import HTTPTypes
import Hummingbird

/// What browsers need: CORS for the origins in `cors.allowed_origins` (preflights answered here, before
/// authentication, since browsers send them without credentials) and security headers on every response.
struct BrowserMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let allowedOrigins: Set<String>
    static let allowHeaders = "Authorization, Content-Type, Idempotency-Key"
    static let exposeHeaders = "X-Request-Id, Retry-After, Idempotent-Replayed, WWW-Authenticate"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin]
        let allowed = origin.map(allowedOrigins.contains) ?? false
        var response: Response
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            response = Response(status: allowed ? .noContent : .forbidden)
            response.headers[GatewayMiddleware.requestIDHeader] = RequestID.make()
            if allowed {
                response.headers[.accessControlAllowMethods] = "GET, POST, PUT, DELETE"
                response.headers[.accessControlAllowHeaders] = Self.allowHeaders
                response.headers[.accessControlMaxAge] = "600"
            }
        } else {
            response = try await next(request, context)
        }
        if allowed, let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposeHeaders
        }
        if origin != nil { response.headers[.vary] = "Origin" }
        Self.secure(&response.headers)
        return response
    }

    /// Headers every answer carries: no sniffing, no framing, no referrer, no caching of API answers.
    static func secure(_ headers: inout HTTPFields) {
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'" }
    }
}
