public import AuroraThrift

/// Quota RPCs and the production quota check Aurora applies when tasks are added.
extension SchedulerState {
    /// `getQuota`: the role's quota and what its active tasks consume (production vs. not, shared vs. dedicated).
    public func getQuota(ownerRole: String?) -> Response {
        guard let role = ownerRole, !role.isEmpty else { return replies.invalidRequest("ownerRole must be set.") }
        _ = advance()
        let usage = consumption(of: role, excluding: nil)
        return replies.ok(.getQuotaResult(GetQuotaResult(
            quota: (quotas[role] ?? ResourceTotals()).aggregate,
            prodSharedConsumption: usage.prodShared.aggregate,
            nonProdSharedConsumption: usage.nonProdShared.aggregate,
            prodDedicatedConsumption: usage.prodDedicated.aggregate,
            nonProdDedicatedConsumption: usage.nonProdDedicated.aggregate
        )))
    }

    /// `setQuota`: replaces the role's quota (values must not be negative).
    public func setQuota(ownerRole: String?, quota: ResourceAggregate?, user: String = "UNSECURE") -> Response {
        guard let role = ownerRole, !role.isEmpty else { return replies.invalidRequest("ownerRole must be set.") }
        guard let quota else { return replies.invalidRequest("quota must be set.") }
        _ = advance()
        let totals = ResourceTotals(quota.resources)
        if totals.cpus < 0 || totals.ramMb < 0 || totals.diskMb < 0 || totals.gpus < 0 {
            return replies.invalidRequest("Negative values in: \(quota)")
        }
        quotas[role] = totals
        return replies.ok()
    }

    /// The shortfall message when `count` more tasks of a production `config` would exceed the role's quota
    /// (the active tasks of `replacing` are assumed to go away); nil when they fit or quota is not enforced.
    func quotaShortfall(adding config: TaskConfig, count: Int, replacing job: JobID?) -> String? {
        guard configuration.enforceQuota, config.production == true, let role = config.job?.role else { return nil }
        let usage = consumption(of: role, excluding: job)
        let needed = usage.prodShared + usage.prodDedicated + ResourceTotals(config.resources) * count
        return needed.shortfall(against: quotas[role] ?? ResourceTotals())
    }

    private func consumption(of role: String, excluding excluded: JobID?) -> (
        prodShared: ResourceTotals, nonProdShared: ResourceTotals, prodDedicated: ResourceTotals, nonProdDedicated: ResourceTotals
    ) {
        var usage = (ResourceTotals(), ResourceTotals(), ResourceTotals(), ResourceTotals())
        for (job, ids) in jobTasks where job.role == role && job != excluded {
            for id in ids {
                guard let task = tasks[id], task.status.isActive else { continue }
                let resources = ResourceTotals(task.config.resources)
                let dedicated = (task.config.constraints ?? []).contains { $0.name == "dedicated" }
                switch (task.config.production == true, dedicated) {
                case (true, false): usage.0 = usage.0 + resources
                case (false, false): usage.1 = usage.1 + resources
                case (true, true): usage.2 = usage.2 + resources
                case (false, true): usage.3 = usage.3 + resources
                }
            }
        }
        return usage
    }
}
