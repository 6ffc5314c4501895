import Foundation
import GatewayCore
import Testing

@Suite("RFC 3339 timestamps written by hand match Foundation's formatter")
struct RFC3339Tests {
    @Test("whole seconds and microseconds, before and after the epoch, across a leap day", arguments: [
        0.0, 1.5, 951_782_400.75, 1_796_000_000.123456, -1.000001, 4_102_444_799.999999,
    ])
    func matchesFoundation(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let reference = ISO8601DateFormatter()
        reference.timeZone = TimeZone(identifier: "UTC")
        #expect(RFC3339.format(date) == reference.string(from: date))
        let micros = Int64((seconds * 1_000_000).rounded(.down))
        let fraction = (micros % 1_000_000 + 1_000_000) % 1_000_000
        let expected = reference.string(from: Date(timeIntervalSince1970: Double((micros - fraction) / 1_000_000)))
            .replacingOccurrences(of: "Z", with: String(format: ".%06dZ", Int(fraction)))
        #expect(RFC3339.format(date, microseconds: true) == expected)
    }
}
