public import AuroraThrift

/// The read-only views of job updates: summaries, details and the diff a proposed update would make.
extension SchedulerState {
    /// `getJobUpdateSummaries`: newest first, filtered by the query.
    public func getJobUpdateSummaries(query: JobUpdateQuery?) -> Response {
        _ = advance()
        let summaries = matchingUpdates(query).map(\.summary)
        return replies.ok(.getJobUpdateSummariesResult(GetJobUpdateSummariesResult(updateSummaries: summaries)))
    }

    /// `getJobUpdateDetails`: by query (preferred) or by the deprecated key.
    public func getJobUpdateDetails(key: JobUpdateKey?, query: JobUpdateQuery?) -> Response {
        _ = advance()
        if query != nil {
            let list = matchingUpdates(query).map(\.details)
            return replies.ok(.getJobUpdateDetailsResult(GetJobUpdateDetailsResult(details: nil, detailsList: list)))
        }
        guard let key else { return replies.error("Either key or query must be set.") }
        guard let id = key.id, let update = updates[id], update.job == JobID(key.job) else {
            return replies.invalidRequest("Invalid update: \(Self.updateName(key))")
        }
        return replies.ok(
            .getJobUpdateDetailsResult(GetJobUpdateDetailsResult(details: update.details, detailsList: nil)),
            messages: ["The key argument is deprecated, use the query argument instead"]
        )
    }

    /// `getJobUpdateDiff`: what `startJobUpdate` would add, remove, update and leave unchanged.
    public func getJobUpdateDiff(request: JobUpdateRequest?) -> Response {
        _ = advance()
        let config: TaskConfig
        do { config = try validator.validate(task: request?.taskConfig ?? TaskConfig()) } catch { return replies.invalidRequest(error.message) }
        guard let job = JobID(config.job) else { return replies.missingJobKey() }
        if cronJobs[job] != nil { return replies.invalidRequest("Cron jobs are not supported.") }
        let diff = JobDiff(
            current: activeTasks(of: job).mapValues(\.config),
            proposed: config,
            count: request?.instanceCount ?? 0,
            scope: InstanceRanges.ids(request?.settings?.updateOnlyTheseInstances)
        )
        let added = Dictionary(uniqueKeysWithValues: diff.replacements.subtracting(diff.replaced.keys).map { ($0, config) })
        let removed = diff.replaced.filter { !diff.replacements.contains($0.key) }
        let updated = diff.replaced.filter { diff.replacements.contains($0.key) }
        return replies.ok(.getJobUpdateDiffResult(GetJobUpdateDiffResult(
            add: configGroups(added),
            remove: configGroups(removed),
            update: configGroups(updated),
            unchanged: configGroups(diff.unchanged)
        )))
    }

    // MARK: - Private

    private func matchingUpdates(_ query: JobUpdateQuery?) -> [SimUpdate] {
        let statuses = query?.updateStatuses.map { Set($0.map(\.rawValue)) }
        let matching = updates.values.filter { update in
            if let role = query?.role, update.job.role != role { return false }
            if let key = query?.key, key.id != update.id || JobID(key.job) != update.job { return false }
            if let jobKey = query?.jobKey, JobID(jobKey) != update.job { return false }
            if let user = query?.user, update.user != user { return false }
            if let statuses, !statuses.isEmpty, !statuses.contains(update.status.rawValue) { return false }
            return true
        }
        .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        let offset = max(0, Int(query?.offset ?? 0))
        let limited = matching.dropFirst(offset)
        if let limit = query?.limit, limit > 0 { return Array(limited.prefix(Int(limit))) }
        return Array(limited)
    }
}
