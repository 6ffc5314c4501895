import Foundation

/// A fixed set of threads for blocking C calls, so they never occupy Swift's cooperative pool.
/// Each thread owns one value of `Resource` (for libcurl: its easy handle and so its kept-alive connection).
/// Work goes to the thread that went idle last: under light load one thread does it all, with a warm cache and a
/// connection that is already open, instead of every thread in turn opening its own.
final class BlockingThreadPool<Resource>: @unchecked Sendable {
    typealias Job = @Sendable (Resource) -> Void

    /// One thread's mailbox: the job handed to it while it sleeps on `wake`.
    private final class Worker: @unchecked Sendable {
        let wake = DispatchSemaphore(value: 0)
        var job: Job?   // written under the pool's lock before `wake.signal()`, read by the worker after `wait()`
    }

    // `queue`, `head`, `idle` and `stopped` are guarded by `lock`; everything else is immutable.
    private let lock = NSLock()
    private var queue: [Job] = []
    private var head = 0
    private var idle: [Worker] = []
    private var stopped = false
    private let makeResource: @Sendable () -> Resource

    /// Starts `threads` threads; each creates its resource on first use, on its own thread.
    init(threads: Int, name: String, makeResource: @escaping @Sendable () -> Resource) {
        self.makeResource = makeResource
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in self.loop(Worker()) }
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
        lock.lock()
        stopped = true
        let sleeping = idle
        idle.removeAll()
        lock.unlock()
        for worker in sleeping { worker.wake.signal() }
    }

    private func enqueue(_ job: @escaping Job) {
        lock.lock()
        if let worker = idle.popLast() {
            worker.job = job
            lock.unlock()
            worker.wake.signal()
            return
        }
        queue.append(job)
        lock.unlock()
    }

    /// Takes queued work first; with none, sleeps on the idle stack until a job (or shutdown) is handed over.
    private func loop(_ worker: Worker) {
        let resource = makeResource()
        while true {
            lock.lock()
            if head < queue.count {
                let job = queue[head]
                head += 1
                if head == queue.count {
                    queue.removeAll(keepingCapacity: true)
                    head = 0
                }
                lock.unlock()
                job(resource)
                continue
            }
            if stopped {
                lock.unlock()
                return
            }
            idle.append(worker)
            lock.unlock()
            worker.wake.wait()
            lock.lock()
            let job = worker.job
            worker.job = nil
            lock.unlock()
            guard let job else { return }
            job(resource)
        }
    }
}
