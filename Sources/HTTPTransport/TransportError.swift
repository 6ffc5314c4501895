/// Why an HTTP exchange did not produce a response, in words that name the URL and the fix.
public enum TransportError: Error, CustomStringConvertible {
    /// Nobody accepted the TCP connection: the request provably never reached the server.
    case connectionRefused(url: String, detail: String)
    /// The host name did not resolve: nothing was sent.
    case hostNotFound(url: String, detail: String)
    /// No connection within the connect timeout: nothing was sent.
    case connectTimeout(url: String, after: Duration)
    /// The exchange did not finish within the timeout (the request may have been processed).
    case timeout(url: String, after: Duration)
    /// TLS failed: certificate not trusted, bad CA bundle, handshake error. Nothing was sent.
    case tls(url: String, caBundle: String?, detail: String)
    /// The connection broke while sending or receiving (the request may have been processed).
    case connectionLost(url: String, detail: String)
    /// The response exceeded the size limit.
    case responseTooLarge(url: String, limit: Int)
    /// The URL is malformed or uses an unsupported scheme.
    case invalidURL(url: String, detail: String)
    /// The `authorization` closure threw; nothing was sent.
    case authorizationFailed(url: String, underlying: any Error)
    /// Any other libcurl failure.
    case other(url: String, code: Int, detail: String)

    /// True when the server cannot have seen the request, so even a write may be retried.
    public var neverReachedServer: Bool {
        switch self {
        case .connectionRefused, .hostNotFound, .connectTimeout, .tls, .invalidURL, .authorizationFailed: return true
        case .timeout, .connectionLost, .responseTooLarge, .other: return false
        }
    }

    public var description: String {
        switch self {
        case .connectionRefused(let url, let detail):
            return "connection to \(url) refused (\(detail)): is the scheduler running and listening there?"
        case .hostNotFound(let url, let detail):
            return "cannot resolve the host of \(url) (\(detail)): check the URL and DNS"
        case .connectTimeout(let url, let after):
            return "no connection to \(url) within \(after): check the address, firewalls and the scheduler's health"
        case .timeout(let url, let after):
            return "\(url) did not answer within \(after): the scheduler may be overloaded; raise the cluster's timeout if this is expected"
        case .tls(let url, let caBundle, let detail):
            let fix = caBundle.map { "check that \($0) holds the CA that signed the scheduler's certificate" }
                ?? "set the cluster's ca_bundle to the CA file that signed the scheduler's certificate"
            return "TLS with \(url) failed (\(detail)): \(fix)"
        case .connectionLost(let url, let detail):
            return "the connection to \(url) broke mid-request (\(detail))"
        case .responseTooLarge(let url, let limit):
            return "the response from \(url) exceeded \(limit) bytes"
        case .invalidURL(let url, let detail):
            return "invalid URL \(url) (\(detail)): use http://host:port or https://host:port"
        case .authorizationFailed(_, let underlying):
            return "\(underlying)"
        case .other(let url, let code, let detail):
            return "request to \(url) failed (curl error \(code): \(detail))"
        }
    }
}
