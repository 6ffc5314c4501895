/// What the audit log keeps about the HTTP request behind an operation (never its headers' secrets).
public struct RequestInfo: Sendable {
    /// The gateway's request id.
    public let requestID: String
    /// The caller's address.
    public let sourceIP: String?
    /// The `User-Agent` header.
    public let userAgent: String?
    /// `GET`, `POST`, …
    public let method: String
    /// The path, without the query string.
    public let path: String
    /// The query parameters.
    public let query: [(String, String)]
    /// The body (writes only; reads send none).
    public let body: [UInt8]
    /// When the request arrived.
    public let started: ContinuousClock.Instant

    /// Creates the description.
    public init(requestID: String, sourceIP: String?, userAgent: String?, method: String, path: String,
                query: [(String, String)] = [], body: [UInt8] = [], started: ContinuousClock.Instant = .now) {
        self.requestID = requestID
        self.sourceIP = sourceIP
        self.userAgent = userAgent
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.started = started
    }

    /// Whether the request only reads (GET or HEAD).
    public var isRead: Bool { method == "GET" || method == "HEAD" }

    /// Microseconds since the request arrived.
    public var elapsedMicros: Int64 {
        let elapsed = ContinuousClock.now - started
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }
}
