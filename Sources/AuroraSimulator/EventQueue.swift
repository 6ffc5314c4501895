/// Something the scheduler does by itself at a given time.
enum DueEvent: Equatable {
    /// The task's next automatic transition (`SimTask.nextStepAt`).
    case taskStep(taskId: String)
    /// An update that required pulses has not been pulsed in time.
    case pulseTimeout(updateId: String)
    /// A cron job's next scheduled run.
    case cronRun(JobID)
}

/// A min-heap of due events ordered by time, then by insertion, so the simulation is deterministic.
/// Entries are never removed early: the consumer checks each popped entry's token against the
/// current state and ignores stale ones.
struct EventQueue {
    struct Entry {
        let at: Int64
        let token: UInt64
        let event: DueEvent
    }

    private var heap: [Entry] = []
    private var lastToken: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }

    /// Queues `event` at `at` and returns the token identifying this entry.
    @discardableResult
    mutating func push(_ event: DueEvent, at: Int64) -> UInt64 {
        lastToken += 1
        heap.append(Entry(at: at, token: lastToken, event: event))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
        return lastToken
    }

    /// Removes and returns the earliest entry if it is due at or before `now`.
    mutating func popDue(now: Int64) -> Entry? {
        guard let top = heap.first, top.at <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var first = parent
                if left < heap.count, Self.precedes(heap[left], heap[first]) { first = left }
                if right < heap.count, Self.precedes(heap[right], heap[first]) { first = right }
                if first == parent { break }
                heap.swapAt(parent, first)
                parent = first
            }
        }
        return top
    }

    private static func precedes(_ lhs: Entry, _ rhs: Entry) -> Bool {
        (lhs.at, lhs.token) < (rhs.at, rhs.token)
    }
}
