import AuroraThrift

/// One `/api` method: whether it needs an authenticated caller, and how to run it.
struct RPCRoute: Sendable {
    let isReadOnly: Bool
    let invoke: @Sendable (IncomingCall, SchedulerState, String) async throws -> Response
}

/// Method name → handler for every RPC the simulator implements; other names get UNKNOWN_METHOD.
enum RPCTable {
    static let routes: [String: RPCRoute] = Dictionary(uniqueKeysWithValues: [
        // ReadOnlyScheduler
        route(GetRoleSummaryArgs.self) { _, state, _ in await state.getRoleSummary() },
        route(GetJobSummaryArgs.self) { args, state, _ in await state.getJobSummary(role: args.role) },
        route(GetTasksStatusArgs.self) { args, state, _ in await state.getTasksStatus(query: args.query) },
        route(GetTasksWithoutConfigsArgs.self) { args, state, _ in await state.getTasksWithoutConfigs(query: args.query) },
        route(GetPendingReasonArgs.self) { args, state, _ in await state.getPendingReason(query: args.query) },
        route(GetConfigSummaryArgs.self) { args, state, _ in await state.getConfigSummary(job: args.job) },
        route(GetJobsArgs.self) { args, state, _ in await state.getJobs(ownerRole: args.ownerRole) },
        route(GetQuotaArgs.self) { args, state, _ in await state.getQuota(ownerRole: args.ownerRole) },
        route(PopulateJobConfigArgs.self) { args, state, _ in await state.populateJobConfig(description: args.description) },
        route(GetJobUpdateSummariesArgs.self) { args, state, _ in await state.getJobUpdateSummaries(query: args.jobUpdateQuery) },
        route(GetJobUpdateDetailsArgs.self) { args, state, _ in await state.getJobUpdateDetails(key: args.key, query: args.query) },
        route(GetJobUpdateDiffArgs.self) { args, state, _ in await state.getJobUpdateDiff(request: args.request) },
        route(GetTierConfigsArgs.self) { _, state, _ in await state.getTierConfigs() },
        // AuroraSchedulerManager
        route(CreateJobArgs.self) { args, state, user in await state.createJob(description: args.description, user: user) },
        route(ScheduleCronJobArgs.self) { args, state, user in await state.scheduleCronJob(description: args.description, user: user) },
        route(DescheduleCronJobArgs.self) { args, state, user in await state.descheduleCronJob(job: args.job, user: user) },
        route(StartCronJobArgs.self) { args, state, user in await state.startCronJob(job: args.job, user: user) },
        route(ReplaceCronTemplateArgs.self) { args, state, user in await state.replaceCronTemplate(config: args.config, user: user) },
        route(RestartShardsArgs.self) { args, state, user in await state.restartShards(job: args.job, shardIds: args.shardIds, user: user) },
        route(KillTasksArgs.self) { args, state, user in
            await state.killTasks(job: args.job, instances: args.instances, message: args.message, user: user)
        },
        route(AddInstancesArgs.self) { args, state, user in await state.addInstances(key: args.key, count: args.count, user: user) },
        route(StartJobUpdateArgs.self) { args, state, user in
            await state.startJobUpdate(request: args.request, message: args.message, user: user)
        },
        route(PauseJobUpdateArgs.self) { args, state, user in await state.pauseJobUpdate(key: args.key, message: args.message, user: user) },
        route(ResumeJobUpdateArgs.self) { args, state, user in await state.resumeJobUpdate(key: args.key, message: args.message, user: user) },
        route(AbortJobUpdateArgs.self) { args, state, user in await state.abortJobUpdate(key: args.key, message: args.message, user: user) },
        route(RollbackJobUpdateArgs.self) { args, state, user in
            await state.rollbackJobUpdate(key: args.key, message: args.message, user: user)
        },
        route(PulseJobUpdateArgs.self) { args, state, _ in await state.pulseJobUpdate(key: args.key) },
        // AuroraAdmin
        route(SetQuotaArgs.self) { args, state, user in await state.setQuota(ownerRole: args.ownerRole, quota: args.quota, user: user) },
        route(StartMaintenanceArgs.self) { args, state, _ in await state.startMaintenance(hosts: args.hosts) },
        route(DrainHostsArgs.self) { args, state, _ in await state.drainHosts(hosts: args.hosts) },
        route(MaintenanceStatusArgs.self) { args, state, _ in await state.maintenanceStatus(hosts: args.hosts) },
        route(EndMaintenanceArgs.self) { args, state, _ in await state.endMaintenance(hosts: args.hosts) },
    ])

    /// Binds a call type to its handler: the arguments are decoded only once the method is known.
    private static func route<Args: AuroraCall>(
        _: Args.Type,
        _ handle: @escaping @Sendable (Args, SchedulerState, String) async -> Response
    ) -> (String, RPCRoute) {
        (Args.methodName, RPCRoute(isReadOnly: Args.isReadOnly) { call, state, user in
            await handle(try call.decodeArgs(Args.self), state, user)
        })
    }
}
