import AuroraThrift
import GatewayAPI

/// Update settings both ways, with the Aurora client's defaults for what the caller leaves out
/// (group 1, no failures allowed, 45 s minimum wait, roll back on failure, queue strategy).
enum UpdateSettingsView {
    static func view(_ settings: JobUpdateSettings) -> Components.Schemas.UpdateSettings {
        .init(updateGroupSize: settings.updateGroupSize.map(Int.init), maxPerInstanceFailures: settings.maxPerInstanceFailures.map(Int.init),
              maxFailedInstances: settings.maxFailedInstances.map(Int.init),
              minWaitInInstanceRunningMs: settings.minWaitInInstanceRunningMs.map(Int.init), rollbackOnFailure: settings.rollbackOnFailure,
              updateOnlyTheseInstances: settings.updateOnlyTheseInstances.map(ThriftViews.ranges),
              waitForBatchCompletion: settings.waitForBatchCompletion, blockIfNoPulsesAfterMs: settings.blockIfNoPulsesAfterMs.map(Int.init),
              slaAware: settings.slaAware)
    }

    static func thrift(_ settings: Components.Schemas.UpdateSettings?) -> JobUpdateSettings {
        let group = Int32(clamping: settings?.updateGroupSize ?? 1)
        return JobUpdateSettings(
            updateGroupSize: group, maxPerInstanceFailures: Int32(clamping: settings?.maxPerInstanceFailures ?? 0),
            maxFailedInstances: Int32(clamping: settings?.maxFailedInstances ?? 0),
            minWaitInInstanceRunningMs: Int32(clamping: settings?.minWaitInInstanceRunningMs ?? 45_000),
            rollbackOnFailure: settings?.rollbackOnFailure ?? true,
            updateOnlyTheseInstances: settings?.updateOnlyTheseInstances?.map { AuroraThrift.Range(first: Int32(clamping: $0.first), last: Int32(clamping: $0.last)) },
            waitForBatchCompletion: settings?.waitForBatchCompletion ?? false,
            blockIfNoPulsesAfterMs: settings?.blockIfNoPulsesAfterMs.map { Int32(clamping: $0) }, slaAware: settings?.slaAware ?? false,
            updateStrategy: .queueStrategy(QueueJobUpdateStrategy(groupSize: group)))
    }
}
