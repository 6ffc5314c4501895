import AuroraThrift

/// Aurora's `JobDiff`: how a proposed (config, instance count) differs from a job's active tasks,
/// optionally limited to some instances.
struct JobDiff {
    /// Current instances the proposal replaces or removes, with their current configs.
    var replaced: [Int32: TaskConfig] = [:]
    /// Instances that will run the proposed config (added or updated).
    var replacements: Set<Int32> = []
    /// Current instances the proposal leaves alone.
    var unchanged: [Int32: TaskConfig] = [:]

    var isNoop: Bool { replaced.isEmpty && replacements.isEmpty }

    init(current: [Int32: TaskConfig], proposed config: TaskConfig, count: Int32, scope: Set<Int32>?) {
        let proposedIds = Set(0..<max(0, count))
        for (instance, existing) in current {
            if !proposedIds.contains(instance) {
                replaced[instance] = existing
            } else if existing != config {
                replaced[instance] = existing
                replacements.insert(instance)
            } else {
                unchanged[instance] = existing
            }
        }
        replacements.formUnion(proposedIds.subtracting(current.keys))
        if let scope {
            replaced = replaced.filter { scope.contains($0.key) }
            replacements = replacements.intersection(scope)
            unchanged = current.filter { replaced[$0.key] == nil && !replacements.contains($0.key) }
        }
    }

    /// Requested instances that are neither current nor proposed (Aurora rejects those).
    func outOfScope(_ scope: Set<Int32>) -> Set<Int32> {
        scope.subtracting(replaced.keys).subtracting(replacements).subtracting(unchanged.keys)
    }
}

/// Groups instances by identical config into `ConfigGroup`s with collapsed ranges, ordered by first instance.
func configGroups(_ byInstance: [Int32: TaskConfig]) -> [ConfigGroup] {
    var groups: [(config: TaskConfig, instances: [Int32])] = []
    for (instance, config) in byInstance.sorted(by: { $0.key < $1.key }) {
        if let index = groups.firstIndex(where: { $0.config == config }) {
            groups[index].instances.append(instance)
        } else {
            groups.append((config, [instance]))
        }
    }
    return groups.map { ConfigGroup(config: $0.config, instances: InstanceRanges.ranges($0.instances)) }
}
