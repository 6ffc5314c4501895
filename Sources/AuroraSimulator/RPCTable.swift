import AuroraThrift

/// One `/api` method: whether it needs an authenticated caller, and how to run it.
struct RPCRoute: Sendable {
    let isReadOnly: Bool
    let invoke: @Sendable (IncomingCall, SchedulerState, String) async throws -> Response
}

/// Method name → handler for every RPC the simulator implements; other names get UNKNOWN_METHOD.
enum RPCTable {
    static let routes: [String: RPCRoute] = Dictionary(uniqueKeysWithValues: readOnly + jobs + updates + admin)

    private static let readOnly: [(String, RPCRoute)] = [
        (GetRoleSummaryArgs.methodName, RPCRoute(isReadOnly: GetRoleSummaryArgs.isReadOnly) { call, state, _ in
            _ = try call.decodeArgs(GetRoleSummaryArgs.self)
            return await state.getRoleSummary()
        }),
        (GetJobSummaryArgs.methodName, RPCRoute(isReadOnly: GetJobSummaryArgs.isReadOnly) { call, state, _ in
            await state.getJobSummary(role: try call.decodeArgs(GetJobSummaryArgs.self).role)
        }),
        (GetTasksStatusArgs.methodName, RPCRoute(isReadOnly: GetTasksStatusArgs.isReadOnly) { call, state, _ in
            await state.getTasksStatus(query: try call.decodeArgs(GetTasksStatusArgs.self).query)
        }),
        (GetTasksWithoutConfigsArgs.methodName, RPCRoute(isReadOnly: GetTasksWithoutConfigsArgs.isReadOnly) { call, state, _ in
            await state.getTasksWithoutConfigs(query: try call.decodeArgs(GetTasksWithoutConfigsArgs.self).query)
        }),
        (GetPendingReasonArgs.methodName, RPCRoute(isReadOnly: GetPendingReasonArgs.isReadOnly) { call, state, _ in
            await state.getPendingReason(query: try call.decodeArgs(GetPendingReasonArgs.self).query)
        }),
        (GetConfigSummaryArgs.methodName, RPCRoute(isReadOnly: GetConfigSummaryArgs.isReadOnly) { call, state, _ in
            await state.getConfigSummary(job: try call.decodeArgs(GetConfigSummaryArgs.self).job)
        }),
        (GetJobsArgs.methodName, RPCRoute(isReadOnly: GetJobsArgs.isReadOnly) { call, state, _ in
            await state.getJobs(ownerRole: try call.decodeArgs(GetJobsArgs.self).ownerRole)
        }),
        (GetQuotaArgs.methodName, RPCRoute(isReadOnly: GetQuotaArgs.isReadOnly) { call, state, _ in
            await state.getQuota(ownerRole: try call.decodeArgs(GetQuotaArgs.self).ownerRole)
        }),
        (PopulateJobConfigArgs.methodName, RPCRoute(isReadOnly: PopulateJobConfigArgs.isReadOnly) { call, state, _ in
            await state.populateJobConfig(description: try call.decodeArgs(PopulateJobConfigArgs.self).description)
        }),
        (GetJobUpdateSummariesArgs.methodName, RPCRoute(isReadOnly: GetJobUpdateSummariesArgs.isReadOnly) { call, state, _ in
            await state.getJobUpdateSummaries(query: try call.decodeArgs(GetJobUpdateSummariesArgs.self).jobUpdateQuery)
        }),
        (GetJobUpdateDetailsArgs.methodName, RPCRoute(isReadOnly: GetJobUpdateDetailsArgs.isReadOnly) { call, state, _ in
            let args = try call.decodeArgs(GetJobUpdateDetailsArgs.self)
            return await state.getJobUpdateDetails(key: args.key, query: args.query)
        }),
        (GetJobUpdateDiffArgs.methodName, RPCRoute(isReadOnly: GetJobUpdateDiffArgs.isReadOnly) { call, state, _ in
            await state.getJobUpdateDiff(request: try call.decodeArgs(GetJobUpdateDiffArgs.self).request)
        }),
        (GetTierConfigsArgs.methodName, RPCRoute(isReadOnly: GetTierConfigsArgs.isReadOnly) { call, state, _ in
            _ = try call.decodeArgs(GetTierConfigsArgs.self)
            return await state.getTierConfigs()
        }),
        (MaintenanceStatusArgs.methodName, RPCRoute(isReadOnly: MaintenanceStatusArgs.isReadOnly) { call, state, _ in
            await state.maintenanceStatus(hosts: try call.decodeArgs(MaintenanceStatusArgs.self).hosts)
        }),
    ]

    private static let jobs: [(String, RPCRoute)] = [
        (CreateJobArgs.methodName, RPCRoute(isReadOnly: CreateJobArgs.isReadOnly) { call, state, user in
            await state.createJob(description: try call.decodeArgs(CreateJobArgs.self).description, user: user)
        }),
        (ScheduleCronJobArgs.methodName, RPCRoute(isReadOnly: ScheduleCronJobArgs.isReadOnly) { call, state, user in
            await state.scheduleCronJob(description: try call.decodeArgs(ScheduleCronJobArgs.self).description, user: user)
        }),
        (DescheduleCronJobArgs.methodName, RPCRoute(isReadOnly: DescheduleCronJobArgs.isReadOnly) { call, state, user in
            await state.descheduleCronJob(job: try call.decodeArgs(DescheduleCronJobArgs.self).job, user: user)
        }),
        (StartCronJobArgs.methodName, RPCRoute(isReadOnly: StartCronJobArgs.isReadOnly) { call, state, user in
            await state.startCronJob(job: try call.decodeArgs(StartCronJobArgs.self).job, user: user)
        }),
        (ReplaceCronTemplateArgs.methodName, RPCRoute(isReadOnly: ReplaceCronTemplateArgs.isReadOnly) { call, state, user in
            await state.replaceCronTemplate(config: try call.decodeArgs(ReplaceCronTemplateArgs.self).config, user: user)
        }),
        (RestartShardsArgs.methodName, RPCRoute(isReadOnly: RestartShardsArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(RestartShardsArgs.self)
            return await state.restartShards(job: args.job, shardIds: args.shardIds, user: user)
        }),
        (KillTasksArgs.methodName, RPCRoute(isReadOnly: KillTasksArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(KillTasksArgs.self)
            return await state.killTasks(job: args.job, instances: args.instances, message: args.message, user: user)
        }),
        (AddInstancesArgs.methodName, RPCRoute(isReadOnly: AddInstancesArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(AddInstancesArgs.self)
            return await state.addInstances(key: args.key, count: args.count, user: user)
        }),
    ]

    private static let updates: [(String, RPCRoute)] = [
        (StartJobUpdateArgs.methodName, RPCRoute(isReadOnly: StartJobUpdateArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(StartJobUpdateArgs.self)
            return await state.startJobUpdate(request: args.request, message: args.message, user: user)
        }),
        (PauseJobUpdateArgs.methodName, RPCRoute(isReadOnly: PauseJobUpdateArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(PauseJobUpdateArgs.self)
            return await state.pauseJobUpdate(key: args.key, message: args.message, user: user)
        }),
        (ResumeJobUpdateArgs.methodName, RPCRoute(isReadOnly: ResumeJobUpdateArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(ResumeJobUpdateArgs.self)
            return await state.resumeJobUpdate(key: args.key, message: args.message, user: user)
        }),
        (AbortJobUpdateArgs.methodName, RPCRoute(isReadOnly: AbortJobUpdateArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(AbortJobUpdateArgs.self)
            return await state.abortJobUpdate(key: args.key, message: args.message, user: user)
        }),
        (RollbackJobUpdateArgs.methodName, RPCRoute(isReadOnly: RollbackJobUpdateArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(RollbackJobUpdateArgs.self)
            return await state.rollbackJobUpdate(key: args.key, message: args.message, user: user)
        }),
        (PulseJobUpdateArgs.methodName, RPCRoute(isReadOnly: PulseJobUpdateArgs.isReadOnly) { call, state, _ in
            await state.pulseJobUpdate(key: try call.decodeArgs(PulseJobUpdateArgs.self).key)
        }),
    ]

    private static let admin: [(String, RPCRoute)] = [
        (SetQuotaArgs.methodName, RPCRoute(isReadOnly: SetQuotaArgs.isReadOnly) { call, state, user in
            let args = try call.decodeArgs(SetQuotaArgs.self)
            return await state.setQuota(ownerRole: args.ownerRole, quota: args.quota, user: user)
        }),
        (StartMaintenanceArgs.methodName, RPCRoute(isReadOnly: StartMaintenanceArgs.isReadOnly) { call, state, _ in
            await state.startMaintenance(hosts: try call.decodeArgs(StartMaintenanceArgs.self).hosts)
        }),
        (DrainHostsArgs.methodName, RPCRoute(isReadOnly: DrainHostsArgs.isReadOnly) { call, state, _ in
            await state.drainHosts(hosts: try call.decodeArgs(DrainHostsArgs.self).hosts)
        }),
        (EndMaintenanceArgs.methodName, RPCRoute(isReadOnly: EndMaintenanceArgs.isReadOnly) { call, state, _ in
            await state.endMaintenance(hosts: try call.decodeArgs(EndMaintenanceArgs.self).hosts)
        }),
    ]
}
