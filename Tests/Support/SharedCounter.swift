import Foundation

/// A counter shared by a test and its load workers, so a fault is injected once the load is really flowing.
public final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// A counter at zero.
    public init() {}

    /// The current count.
    public var value: Int { lock.withLock { count } }

    /// Adds one.
    public func increment() { lock.withLock { count += 1 } }

    /// Waits until the count reaches `target` or `timeout` seconds pass; returns whether it was reached.
    public func wait(for target: Int, timeout seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while value < target {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
