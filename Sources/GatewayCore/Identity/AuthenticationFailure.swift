public import Foundation

/// Why a request could not be authenticated; each case says what to do and never repeats the secret.
public enum AuthenticationFailure: Error, Sendable, Equatable {
    /// No `Authorization` header.
    case missing
    /// An `Authorization` header that is not `Bearer <token>`.
    case notBearer
    /// Not shaped like a gateway token (length, prefix, characters, checksum).
    case malformed(TokenFormatError)
    /// Well-formed, but no such token exists.
    case unknown
    /// The token's expiry has passed.
    case expired(id: String, at: Date)
    /// The token was revoked.
    case revoked(id: String, at: Date)
    /// The token database cannot be read.
    case storeUnavailable(String)
    /// The owner's groups cannot be resolved (directory down and nothing cached within the stale window).
    case directoryUnavailable(DirectoryError)

    /// Counts towards the per-address limit of failed authentications.
    public var isCallerMistake: Bool {
        switch self {
        // A missing header counts too: every refusal is a durable audit record, so the per-address limit bounds them.
        case .storeUnavailable, .directoryUnavailable: return false
        default: return true
        }
    }

    /// The answer: 401 with `WWW-Authenticate`, or 503 when the gateway cannot decide.
    public var problem: GatewayProblem {
        let challenge = #"Bearer realm="aurora-gateway""#
        func unauthorized(_ kind: String, _ title: String, _ detail: String, error: String = "invalid_token") -> GatewayProblem {
            GatewayProblem(status: 401, kind: kind, title: title, detail: detail,
                           headers: ["WWW-Authenticate": challenge + #", error="\#(error)", error_description="\#(title)""#])
        }
        let create = "create a new one with POST /v1/tokens or `aurora-gateway token create`"
        switch self {
        case .missing:
            return GatewayProblem(status: 401, kind: "token-missing", title: "Authentication required",
                                  detail: "no Authorization header: send Authorization: Bearer <token> (agwu_… or agws_…)",
                                  headers: ["WWW-Authenticate": challenge])
        case .notBearer:
            return unauthorized("token-missing", "Bearer token required",
                                "the Authorization header is not \"Bearer <token>\": the gateway accepts only its own API tokens",
                                error: "invalid_request")
        case .malformed(let format):
            return unauthorized("token-malformed", "Malformed token", format.description)
        case .unknown:
            return unauthorized("token-unknown", "Unknown token",
                                "the bearer token is well-formed but not known to this gateway (mistyped, deleted, or from another gateway): \(create)")
        case .expired(let id, let at):
            return unauthorized("token-expired", "Token expired", "token \(id) expired at \(Self.iso(at)): \(create)")
        case .revoked(let id, let at):
            return unauthorized("token-revoked", "Token revoked", "token \(id) was revoked at \(Self.iso(at)): \(create)")
        case .storeUnavailable(let detail):
            return .unavailable("the token database cannot be read (\(detail)); nothing was done: retry shortly", kind: "database-unavailable")
        case .directoryUnavailable(let error):
            return .unavailable("\(error); no cached membership within the stale window, so access is denied until it answers: retry shortly",
                                kind: "directory-unavailable")
        }
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }
}
