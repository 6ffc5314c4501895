@testable import AuroraThrift
import Testing

/// The ThriftError `body` throws, `nil` if it succeeds; any other error is recorded as an issue.
func thriftError(_ body: () throws -> Any) -> ThriftError? {
    do {
        _ = try body()
        return nil
    } catch let error as ThriftError {
        return error
    } catch {
        Issue.record("untyped error \(error)")
        return nil
    }
}

/// The error decoding a bare TJSON `Response` gives.
func responseError(_ json: String) -> ThriftError? {
    thriftError { try ThriftCodec.decode(Response.self, from: bytes(json), as: .json) }
}

/// `unit` repeated `count` times.
func repeated(_ unit: [UInt8], _ count: Int) -> [UInt8] {
    Array(Array(repeating: unit, count: count).joined())
}

/// Whether the error is the nesting-limit error.
func isNestingFailure(_ failure: ThriftError?) -> Bool {
    if case .nestingTooDeep(_, thriftNestingLimit) = failure { return true }
    return false
}
