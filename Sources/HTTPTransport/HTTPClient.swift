/// Sends HTTP requests; the one boundary for outbound HTTP (scheduler, GitHub, CERN's API).
public protocol HTTPClient: Sendable {
    /// Performs the exchange and returns the response, whatever its status; throws `TransportError`.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}
