import GatewayCore
import Synchronization

/// Counts open SSH sessions so that at most `limit` run at once; a call over the limit is refused at once (503 with
/// Retry-After) rather than queued behind commands that may run for minutes.
final class SessionSlots: Sendable {
    let limit: Int
    private let open = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a slot, or throws `.busy`; give it back with `release()`.
    func acquire() throws(SandboxError) {
        let taken = open.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard taken else { throw .busy(limit: limit) }
    }

    /// Gives a slot back.
    func release() { open.withLock { $0 -= 1 } }
}
