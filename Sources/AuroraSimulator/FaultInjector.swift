import Synchronization

/// A misbehaviour the simulator applies to upcoming `/api` requests.
public struct Fault: Sendable, Equatable {
    /// Wait this long before answering.
    public var delay: Duration?
    /// Answer with this HTTP status instead of a Thrift reply (503 gets Aurora's HTML "no leader" page).
    public var httpStatus: Int?
    /// Answer with a well-formed reply whose `responseCode` is `ERROR_TRANSIENT`.
    public var errorTransient: Bool
    /// Answer HTTP 200 with a body that is not a Thrift message.
    public var garbage: Bool
    /// How many upcoming `/api` requests the fault applies to; nil means until cleared.
    public var count: Int?

    /// Creates a fault; combine a delay with any one of the other kinds.
    public init(
        delay: Duration? = nil,
        httpStatus: Int? = nil,
        errorTransient: Bool = false,
        garbage: Bool = false,
        count: Int? = nil
    ) {
        self.delay = delay
        self.httpStatus = httpStatus
        self.errorTransient = errorTransient
        self.garbage = garbage
        self.count = count
    }
}

/// Thread-safe holder of the active `Fault`, driven from tests directly or over `POST/DELETE /sim/faults`.
public final class FaultInjector: Sendable {
    private let active = Mutex<Fault?>(nil)

    /// Creates an injector with no fault.
    public init() {}

    /// Replaces the active fault (a count ≤ 0 clears it).
    public func inject(_ fault: Fault) {
        active.withLock { $0 = (fault.count ?? 1) > 0 ? fault : nil }
    }

    /// Removes the active fault.
    public func clear() {
        active.withLock { $0 = nil }
    }

    /// The active fault, with its remaining count.
    public var current: Fault? {
        active.withLock { $0 }
    }

    /// Takes the fault for one request, counting it down; nil when there is none.
    func consume() -> Fault? {
        active.withLock { slot in
            guard var fault = slot else { return nil }
            if let remaining = fault.count {
                fault.count = remaining - 1
                slot = remaining > 1 ? fault : nil
            }
            return fault
        }
    }
}
