import AuroraThrift

/// How an update moves through its instances (`JobUpdateStrategy`).
enum UpdatePacing: Equatable {
    /// Keep up to `size` instances in flight.
    case queue(size: Int)
    /// Update `sizes[i]` instances at a time (the last size repeats), waiting for each batch.
    case batches(sizes: [Int], autopause: Bool)

    init?(settings: JobUpdateSettings) {
        switch settings.updateStrategy {
        case .queueStrategy(let strategy)?:
            guard let size = strategy.groupSize, size > 0 else { return nil }
            self = .queue(size: Int(size))
        case .batchStrategy(let strategy)?:
            guard let size = strategy.groupSize, size > 0 else { return nil }
            self = .batches(sizes: [Int(size)], autopause: strategy.autopauseAfterBatch ?? false)
        case .varBatchStrategy(let strategy)?:
            let sizes = (strategy.groupSizes ?? []).map(Int.init)
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { return nil }
            self = .batches(sizes: sizes, autopause: strategy.autopauseAfterBatch ?? false)
        default:
            guard let size = settings.updateGroupSize, size > 0 else { return nil }
            self = settings.waitForBatchCompletion == true ? .batches(sizes: [Int(size)], autopause: false) : .queue(size: Int(size))
        }
    }
}

/// One job update: what Aurora stores (summary, instructions, events) plus the updater's progress.
struct SimUpdate {
    let id: String
    let job: JobID
    let user: String
    let metadata: [Metadata]?
    let createdAt: Int64
    var lastModifiedAt: Int64
    var status: JobUpdateStatus
    let instructions: JobUpdateInstructions
    /// The config every instance in `desiredInstances` should end up with.
    let desiredConfig: TaskConfig?
    let desiredInstances: Set<Int32>
    /// The configs the update replaces, by instance (what a rollback restores).
    let initialConfigs: [Int32: TaskConfig]
    let pacing: UpdatePacing
    let pulseTimeoutMs: Int64?

    var events: [JobUpdateEvent] = []
    var instanceEvents: [JobInstanceUpdateEvent] = []

    // Updater progress in the current direction.
    var rollingBack = false
    var waiting: [Int32]
    var inFlight: [Int32] = []
    /// Instances the forward pass has started (what a rollback must revisit).
    var touched: Set<Int32> = []
    var batchesStarted = 0
    var autopausedAfterBatch = 0
    var lastPulseAt: Int64?
    var pulseToken: UInt64 = 0

    var key: JobUpdateKey { JobUpdateKey(job: job.key, id: id) }

    var summary: JobUpdateSummary {
        JobUpdateSummary(
            key: key,
            user: user,
            state: JobUpdateState(status: status, createdTimestampMs: createdAt, lastModifiedTimestampMs: lastModifiedAt),
            metadata: metadata
        )
    }

    var details: JobUpdateDetails {
        JobUpdateDetails(
            update: JobUpdate(summary: summary, instructions: instructions),
            updateEvents: events,
            instanceEvents: instanceEvents
        )
    }

    /// The config instance `id` must reach in the current direction; nil means "no task".
    func target(for instance: Int32) -> TaskConfig? {
        if rollingBack { return initialConfigs[instance] }
        return desiredInstances.contains(instance) ? desiredConfig : nil
    }
}

/// A cron template and its next automatic run.
struct CronJob {
    var config: JobConfiguration
    var schedule: CronSchedule
    var nextRunAt: Int64?
    var token: UInt64 = 0
}
