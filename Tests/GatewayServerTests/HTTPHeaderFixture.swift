import HTTPTransport

/// Request headers the API tests send.
enum HTTPHeaderFixture {
    static func idempotency(_ key: String) -> HTTPHeader { HTTPHeader("Idempotency-Key", key) }
}
