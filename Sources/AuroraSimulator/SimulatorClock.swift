import Foundation
import Synchronization

/// Wall-clock time for the simulated scheduler, in milliseconds since the Unix epoch
/// (the unit of `TaskEvent.timestamp` and every other Aurora timestamp).
public protocol SimulatorClock: Sendable {
    /// The current time in milliseconds since the epoch.
    func nowMilliseconds() -> Int64
}

/// The real clock.
public struct SystemClock: SimulatorClock {
    /// Creates the real clock.
    public init() {}

    /// The current time in milliseconds since the epoch.
    public func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

/// A clock that moves only when told to: tests drive the task state machine step by step.
public final class ManualClock: SimulatorClock {
    private let now: Mutex<Int64>

    /// Starts the clock at `startMilliseconds` (default 2020-05-09, a round, recognisable instant).
    public init(startMilliseconds: Int64 = 1_589_000_000_000) {
        now = Mutex(startMilliseconds)
    }

    /// The current simulated time.
    public func nowMilliseconds() -> Int64 {
        now.withLock { $0 }
    }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        now.withLock { $0 += duration.wholeMilliseconds }
    }
}
