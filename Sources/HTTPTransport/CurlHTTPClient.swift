/// `HTTPClient` over libcurl: a fixed pool of threads, each with its own reused easy handle,
/// so blocking transfers stay off the cooperative pool and connections stay alive.
public final class CurlHTTPClient: HTTPClient {
    private let pool: BlockingThreadPool<CurlEasy>

    /// Starts `threads` worker threads (the most transfers in flight at once).
    public init(threads: Int = 32) {
        pool = BlockingThreadPool(threads: threads, name: "curl") { CurlEasy() }
    }

    deinit { pool.shutdown() }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result = await pool.run { easy in UncheckedResult(easy.perform(request)) }
        return try result.value.get()
    }
}

/// `TransportError` carries `any Error`, which is Sendable; the wrapper only states that for the Result.
private struct UncheckedResult: @unchecked Sendable {
    let value: Result<HTTPResponse, TransportError>
    init(_ value: Result<HTTPResponse, TransportError>) { self.value = value }
}
