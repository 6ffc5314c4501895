import Foundation

/// A fixed set of threads for blocking C calls, so they never occupy Swift's cooperative pool.
/// Each thread owns one value of `Resource` (for libcurl: its easy handle and so its kept-alive connection).
final class BlockingThreadPool<Resource>: @unchecked Sendable {
    // `queue` and `stopped` are guarded by `condition`; everything else is immutable.
    private let condition = NSCondition()
    private var queue: [@Sendable (Resource) -> Void] = []
    private var head = 0
    private var stopped = false
    private let makeResource: @Sendable () -> Resource

    /// Starts `threads` threads; each creates its resource on first use, on its own thread.
    init(threads: Int, name: String, makeResource: @escaping @Sendable () -> Resource) {
        self.makeResource = makeResource
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in self.loop() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `work` on a pool thread and resumes the caller with its result.
    func run<T: Sendable>(_ work: @escaping @Sendable (Resource) -> T) async -> T {
        await withCheckedContinuation { continuation in
            enqueue { resource in continuation.resume(returning: work(resource)) }
        }
    }

    /// Lets the threads finish the queued work and exit.
    func shutdown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping @Sendable (Resource) -> Void) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        let resource = makeResource()
        while true {
            condition.lock()
            while head == queue.count && !stopped { condition.wait() }
            if head == queue.count && stopped {
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            if head > 1024 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job(resource)
        }
    }
}
