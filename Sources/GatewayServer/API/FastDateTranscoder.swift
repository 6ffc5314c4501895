import Foundation
import GatewayCore
import OpenAPIRuntime

/// The generated server's date coding: RFC 3339 in UTC to the second, written by hand (the runtime's default goes
/// through `ISO8601DateFormatter` on every date of every answer); parsing keeps the runtime's lenient reader.
struct FastDateTranscoder: DateTranscoder {
    private let reader = ISO8601DateTranscoder()

    func encode(_ date: Date) throws -> String { RFC3339.format(date) }

    func decode(_ text: String) throws -> Date { try reader.decode(text) }
}
