/// One header line.
public struct HTTPHeader: Sendable, Hashable {
    /// The header name as sent or received.
    public var name: String
    /// The value, without surrounding white space.
    public var value: String

    /// Creates a header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An outbound HTTP request.
public struct HTTPRequest: Sendable {
    /// The absolute URL.
    public var url: String
    /// `GET`, `POST`, `PUT`, `DELETE`, …
    public var method: String
    /// Headers to send (libcurl adds Host, Content-Length and User-Agent when absent).
    public var headers: [HTTPHeader]
    /// The body; empty means none.
    public var body: [UInt8]
    /// The whole exchange must finish within this time.
    public var timeout: Duration
    /// The TCP (and TLS) connection must be up within this time.
    public var connectTimeout: Duration
    /// A PEM file of CA certificates that replaces the system's for this request.
    public var caBundle: String?
    /// Computes the `Authorization` value on the worker thread just before sending (e.g. a SPNEGO
    /// token, which may block on the KDC); a throw fails the request with `authorizationFailed`.
    public var authorization: (@Sendable () throws -> String)?
    /// Responses larger than this fail with `responseTooLarge` instead of growing memory without bound.
    public var maxResponseBytes: Int
    /// False for requests that must not be sent twice: they go on a fresh connection, because libcurl
    /// silently resends a request whose reused connection died before any answer.
    public var resendable: Bool

    /// Creates a request; the defaults suit a Thrift call.
    public init(url: String, method: String = "POST", headers: [HTTPHeader] = [], body: [UInt8] = [],
                timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(5), caBundle: String? = nil,
                authorization: (@Sendable () throws -> String)? = nil, maxResponseBytes: Int = 64 << 20,
                resendable: Bool = true) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.caBundle = caBundle
        self.authorization = authorization
        self.maxResponseBytes = maxResponseBytes
        self.resendable = resendable
    }
}

/// A received HTTP response (any status: the caller decides what a status means).
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The headers of the final response (not of interim 100s).
    public var headers: [HTTPHeader]
    /// The body.
    public var body: [UInt8]
    /// For 3xx answers, the `Location` resolved against the request URL.
    public var redirectURL: String?
    /// Microseconds from start until the first response byte, and in total.
    public var timing: (firstByte: Int64, total: Int64)

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Creates a response (for test doubles).
    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = [], redirectURL: String? = nil,
                timing: (firstByte: Int64, total: Int64) = (0, 0)) {
        self.status = status
        self.headers = headers
        self.body = body
        self.redirectURL = redirectURL
        self.timing = timing
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
