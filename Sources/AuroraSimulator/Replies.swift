import AuroraThrift

/// The result union of `Response` (named to avoid clashing with `Swift.Result`).
typealias APIResult = AuroraThrift.Result

/// Builds `Response`s the way Aurora's `Responses` helper and `ServerInfoInterceptor` do:
/// every reply carries `serverInfo` and a `details` list (empty when there is nothing to say).
struct Replies: Sendable {
    let serverInfo: ServerInfo

    init(clusterName: String, statsUrlPrefix: String) {
        serverInfo = ServerInfo(clusterName: clusterName, statsUrlPrefix: statsUrlPrefix)
    }

    func make(_ code: ResponseCode, result: APIResult? = nil, messages: [String] = []) -> Response {
        Response(
            responseCode: code,
            serverInfo: serverInfo,
            result: result,
            details: messages.map { ResponseDetail(message: $0) }
        )
    }

    func ok(_ result: APIResult? = nil, messages: [String] = []) -> Response {
        make(.ok, result: result, messages: messages)
    }

    func invalidRequest(_ message: String, result: APIResult? = nil) -> Response {
        make(.invalidRequest, result: result, messages: [message])
    }

    func error(_ message: String) -> Response {
        make(.error, messages: [message])
    }

    func transient(_ message: String) -> Response {
        make(.errorTransient, messages: [message])
    }

    func updating(_ job: JobID) -> Response {
        make(.jobUpdatingError, messages: ["Job \(job) is currently being updated."])
    }

    /// What Aurora's authorizing interceptor answers when a write RPC carries no usable job key.
    func missingJobKey() -> Response {
        invalidRequest("Missing or invalid job key from request.")
    }
}
