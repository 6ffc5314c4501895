public import AuroraThrift

/// Turns a validated ``JobSpec`` into the Thrift values and executor JSON that Aurora's Python client builds
/// (`config/thrift.py` `convert`, protocol.md §5). The output is deterministic: an unchanged spec gives equal
/// values and byte-identical executor data, so `startJobUpdate` and `getJobUpdateDiff` see no spurious change.
///
/// `owner` becomes `owner.user` of the job and the task. The Python client puts the local Unix user there; callers
/// must pass one stable value per job instead (the gateway uses the job's role), matching `^[\w\-\.]+$`, or every
/// update would look like a change to every instance.
public enum JobSpecTranslator {
    /// The job for `createJob`, `scheduleCronJob` and `populateJobConfig`; `cronSchedule` only with `cron`,
    /// `cronCollisionPolicy` always (KILL_EXISTING unless the cron says otherwise).
    public static func jobConfiguration(_ spec: JobSpec, cluster: String, key: JobKey, owner: String) -> JobConfiguration {
        JobConfiguration(
            key: key,
            owner: Identity(user: owner),
            cronSchedule: spec.cron?.schedule,
            cronCollisionPolicy: collisionPolicy(spec.cron?.collisionPolicy ?? .killExisting),
            taskConfig: taskConfig(spec, cluster: cluster, key: key, owner: owner),
            instanceCount: Int32(clamping: spec.instances)
        )
    }

    /// The task for `startJobUpdate` and `getJobUpdateDiff` (the same one `jobConfiguration` embeds).
    public static func taskConfig(_ spec: JobSpec, cluster: String, key: JobKey, owner: String) -> TaskConfig {
        TaskConfig(
            job: key,
            owner: Identity(user: owner),
            isService: spec.isService,
            priority: Int32(clamping: spec.priority),
            maxTaskFailures: Int32(clamping: spec.maxTaskFailures),
            production: false,
            tier: spec.tier,
            resources: resources(spec),
            constraints: constraints(spec),
            taskLinks: [:],
            contactEmail: spec.contact,
            executorConfig: ExecutorConfig(name: AuroraConstants.auroraExecutorName, data: executorData(spec, cluster: cluster, key: key)),
            metadata: spec.metadata.sorted { $0.key < $1.key }.map { Metadata(key: $0.key, value: $0.value) },
            container: container(spec.container)
        )
    }

    /// The Thermos executor JSON (`ExecutorConfig.data`): compact, keys sorted, byte-identical for equal inputs.
    public static func executorData(_ spec: JobSpec, cluster: String, key: JobKey) -> String {
        ExecutorData.document(spec, cluster: cluster, key: key).rendered
    }

    /// CPU, RAM and disk, then each requested port (sorted), then GPUs when there are any: one set element each.
    static func resources(_ spec: JobSpec) -> [Resource] {
        var resources: [Resource] = [
            .numCpus(spec.resources.cpu),
            .ramMb(Int64(spec.resources.ramMb)),
            .diskMb(Int64(spec.resources.diskMb)),
        ]
        resources += spec.requestedPorts.map { Resource.namedPort($0) }
        if spec.resources.gpus > 0 { resources.append(.numGpus(Int64(spec.resources.gpus))) }
        return resources
    }

    /// `constraints_to_thrift`: sorted by attribute name, values sorted and unique.
    static func constraints(_ spec: JobSpec) -> [Constraint] {
        spec.constraints.sorted { $0.key < $1.key }.map { Constraint(name: $0.key, constraint: taskConstraint($0.value)) }
    }

    /// `"limit:N"` → limit, `"!x,y"` → negated value, anything else → value.
    static func taskConstraint(_ text: String) -> TaskConstraint {
        if text.hasPrefix("limit:"), let limit = Int32(text.dropFirst("limit:".count)) {
            return .limit(LimitConstraint(limit: limit))
        }
        let negated = text.hasPrefix("!")
        let values = (negated ? text.dropFirst() : Substring(text)).split(separator: ",", omittingEmptySubsequences: false)
        return .value(ValueConstraint(negated: negated, values: Set(values.map { String($0) }).sorted()))
    }

    /// `Container{mesos: {}}` unless the spec names one; an explicit Mesos container carries an empty volume list
    /// and Docker parameters keep their order, as in `create_container_config`.
    static func container(_ container: JobSpec.ContainerSpec?) -> Container {
        switch container {
        case nil:
            return .mesos(MesosContainer())
        case .docker(let image, let parameters)?:
            let list = parameters.map { DockerParameter(name: $0.name, value: $0.value) }
            return .docker(DockerContainer(image: image, parameters: list))
        case .mesos(let image)?:
            return .mesos(MesosContainer(image: image.map(self.image), volumes: []))
        }
    }

    static func image(_ image: JobSpec.ContainerImage) -> Image {
        switch image {
        case .docker(let name, let tag): .docker(DockerImage(name: name, tag: tag))
        case .appc(let name, let imageId): .appc(AppcImage(name: name, imageId: imageId))
        }
    }

    static func collisionPolicy(_ policy: JobSpec.CollisionPolicy) -> CronCollisionPolicy {
        switch policy {
        case .killExisting: .killExisting
        case .cancelNew: .cancelNew
        }
    }
}
