public import Foundation

/// RFC 3339 UTC timestamps written digit by digit: `String(format:)` and `ISO8601DateFormatter` cost more than the
/// rest of an audit append or a JSON answer on Linux.
public enum RFC3339 {
    /// `2026-11-30T10:00:00Z` (as `ISO8601DateFormatter`: to the nearest millisecond, then the whole second), or
    /// `2026-11-30T10:00:00.123456Z` (truncated to the microsecond) with `microseconds`.
    public static func format(_ date: Date, microseconds: Bool = false) -> String {
        let micros = microseconds ? Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
            : Int64((date.timeIntervalSince1970 * 1000).rounded()) * 1000
        let whole = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        var seconds = time_t(whole)
        let fraction = Int(micros - whole * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(27)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); out.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        if microseconds {
            out.append(UInt8(ascii: "."))
            digits(fraction, 6)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}
