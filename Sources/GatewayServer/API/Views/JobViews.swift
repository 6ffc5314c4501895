import AuroraThrift
import GatewayAPI
import GatewayCore
import SchedulerClient

/// Jobs, updates and their scheduler page URLs.
struct JobViews {
    let cluster: ClusterConfig

    /// `<scheduler_uri>/scheduler/<role>/<env>/<name>`, the scheduler's page for a job.
    func url(_ key: JobKey) -> String {
        "\(base)/scheduler/\(key.role ?? "")/\(key.environment ?? "")/\(key.name ?? "")"
    }

    var base: String {
        var uri = cluster.schedulerURI ?? ""
        while uri.hasSuffix("/") { uri.removeLast() }
        return uri
    }

    func job(_ summary: JobSummary) -> Components.Schemas.Job {
        let config = summary.job ?? JobConfiguration()
        let key = config.key ?? JobKey()
        let task = config.taskConfig ?? TaskConfig()
        let stats = summary.stats ?? JobStats()
        return .init(
            cluster: cluster.name, role: key.role ?? "", env: key.environment ?? "", name: key.name ?? "",
            instances: Int(config.instanceCount ?? 0), service: task.isService ?? false, cronSchedule: config.cronSchedule,
            cronCollisionPolicy: config.cronSchedule == nil ? nil : config.cronCollisionPolicy?.description,
            tier: task.tier, contact: task.contactEmail, resources: ThriftViews.resources(task.resources),
            stats: .init(active: Int(stats.activeTaskCount ?? 0), finished: Int(stats.finishedTaskCount ?? 0),
                         failed: Int(stats.failedTaskCount ?? 0), pending: Int(stats.pendingTaskCount ?? 0)),
            nextCronRun: summary.nextCronRunMs.map { ThriftViews.date($0) }, url: url(key))
    }

    func updateSummary(_ summary: JobUpdateSummary) -> Components.Schemas.UpdateSummary {
        let key = summary.key ?? JobUpdateKey()
        let job = key.job ?? JobKey()
        let metadata = ThriftViews.metadata(summary.metadata)
        return .init(
            id: key.id ?? "", cluster: cluster.name, role: job.role ?? "", env: job.environment ?? "", name: job.name ?? "",
            user: summary.user ?? "", status: ThriftViews.updateStatus(summary.state?.status),
            createdAt: ThriftViews.date(summary.state?.createdTimestampMs), lastModifiedAt: ThriftViews.date(summary.state?.lastModifiedTimestampMs),
            metadata: metadata.isEmpty ? nil : .init(additionalProperties: metadata), url: "\(url(job))/update/\(key.id ?? "")")
    }

    func updateDetail(_ details: JobUpdateDetails) -> Components.Schemas.UpdateDetail {
        let update = details.update ?? JobUpdate()
        let instructions = update.instructions ?? JobUpdateInstructions()
        return .init(
            value1: updateSummary(update.summary ?? JobUpdateSummary()),
            value2: .init(
                settings: UpdateSettingsView.view(instructions.settings ?? JobUpdateSettings()),
                initialState: ThriftViews.instanceTaskConfigs(instructions.initialState),
                desiredState: instructions.desiredState.map { ThriftViews.instanceTaskConfigs([$0])[0] },
                events: (details.updateEvents ?? []).map {
                    .init(status: ThriftViews.updateStatus($0.status), time: ThriftViews.date($0.timestampMs), user: $0.user, message: $0.message)
                },
                instanceEvents: (details.instanceEvents ?? []).map {
                    .init(instance: Int($0.instanceId ?? 0), time: ThriftViews.date($0.timestampMs),
                          action: $0.action.flatMap { Components.Schemas.UpdateAction(rawValue: $0.description) } ?? .instanceUpdating,
                          message: $0.message)
                }))
    }
}
