import Foundation
import HTTPTransport
import Synchronization

/// GitHub's rate limits as its answers announce them, per status token: once a limit is used up, no call with that
/// token is made until it resets, so a busy reconcile loop never hammers GitHub (which would extend a secondary limit).
final class GitHubRateLimits: Sendable {
    /// The longest pause believed from one answer (GitHub's primary limits reset within the hour).
    static let longestPause: TimeInterval = 3600
    /// The pause after a 429 that names no time.
    static let defaultPause: TimeInterval = 60

    private let blocked = Mutex<[String: Date]>([:])

    /// When calls with this key may go again; nil when they may go now.
    func blockedUntil(_ key: String, now: Date = Date()) -> Date? {
        blocked.withLock { table in
            guard let until = table[key] else { return nil }
            if until > now { return until }
            table[key] = nil
            return nil
        }
    }

    /// Reads an answer's limit headers; returns (and remembers) when calls may go again if the limit is used up.
    @discardableResult
    func note(_ response: HTTPResponse, key: String, now: Date = Date()) -> Date? {
        guard let until = Self.pause(response, now: now) else { return nil }
        blocked.withLock { table in table[key] = max(table[key] ?? until, until) }
        return until
    }

    /// The end of the pause `response` asks for: `Retry-After` (secondary limits), or `X-RateLimit-Remaining: 0` with
    /// `X-RateLimit-Reset` (the primary limit, also on a successful answer), or a bare 429; nil when none applies.
    static func pause(_ response: HTTPResponse, now: Date) -> Date? {
        let limited = response.status == 403 || response.status == 429
        if limited, let text = response.header("Retry-After"), let seconds = TimeInterval(text.trimmingCharacters(in: .whitespaces)) {
            return now.addingTimeInterval(min(max(seconds, 1), longestPause))
        }
        if response.header("X-RateLimit-Remaining")?.trimmingCharacters(in: .whitespaces) == "0",
           let text = response.header("X-RateLimit-Reset"), let epoch = TimeInterval(text.trimmingCharacters(in: .whitespaces)) {
            let reset = Date(timeIntervalSince1970: epoch)
            return min(max(reset, now.addingTimeInterval(1)), now.addingTimeInterval(longestPause))
        }
        return response.status == 429 ? now.addingTimeInterval(defaultPause) : nil
    }
}
