import AuroraThrift
import GatewayAPI
import GatewayCore

extension APIHandler {
    func clusters_list(_ input: Operations.Clusters_list.Input) async throws -> Operations.Clusters_list.Output {
        let clusters = scheduler.clusters.all.map(\.cluster).map { cluster in
            Components.Schemas.Cluster(name: cluster.name, schedulerUri: cluster.schedulerURI ?? "", authMechanism: cluster.authMechanism.rawValue,
                                       _protocol: cluster.thriftProtocol.rawValue, url: JobViews(cluster: cluster).base + "/scheduler")
        }
        return .ok(.init(body: .json(.init(clusters: clusters))))
    }

    func roles_list(_ input: Operations.Roles_list.Input) async throws -> Operations.Roles_list.Output {
        let response = try await scheduler.call(input.path.cluster, GetRoleSummaryArgs(), subject: "cluster \(input.path.cluster)")
        guard case .roleSummaryResult(let result)? = response.result else { return .ok(.init(body: .json(.init(roles: [])))) }
        let roles = (result.summaries ?? []).map {
            Components.Schemas.Role(role: $0.role ?? "", jobCount: Int($0.jobCount ?? 0), cronJobCount: Int($0.cronJobCount ?? 0))
        }.sorted { $0.role < $1.role }
        return .ok(.init(body: .json(.init(roles: roles))))
    }

    func jobs_list(_ input: Operations.Jobs_list.Input) async throws -> Operations.Jobs_list.Output {
        let (cluster, role) = (input.path.cluster, input.path.role)
        let response = try await scheduler.call(cluster, GetJobSummaryArgs(role: role), subject: "role \(role)")
        let views = try views(cluster)
        var jobs: [Components.Schemas.Job] = []
        if case .jobSummaryResult(let result)? = response.result { jobs = (result.summaries ?? []).map(views.job) }
        jobs.sort { ($0.env, $0.name) < ($1.env, $1.name) }
        return .ok(.init(body: .json(.init(jobs: jobs))))
    }

    func quota_get(_ input: Operations.Quota_get.Input) async throws -> Operations.Quota_get.Output {
        let (cluster, role) = (input.path.cluster, input.path.role)
        let response = try await scheduler.call(cluster, GetQuotaArgs(ownerRole: role), subject: "role \(role)")
        var quota = GetQuotaResult()
        if case .getQuotaResult(let result)? = response.result { quota = result }
        return .ok(.init(body: .json(.init(
            role: role, quota: ThriftViews.resources(quota.quota?.resources),
            prodSharedConsumption: ThriftViews.resources(quota.prodSharedConsumption?.resources),
            nonprodSharedConsumption: ThriftViews.resources(quota.nonProdSharedConsumption?.resources),
            prodDedicatedConsumption: ThriftViews.resources(quota.prodDedicatedConsumption?.resources),
            nonprodDedicatedConsumption: ThriftViews.resources(quota.nonProdDedicatedConsumption?.resources)))))
    }

    func quota_set(_ input: Operations.Quota_set.Input) async throws -> Operations.Quota_set.Output {
        let (cluster, role) = (input.path.cluster, input.path.role)
        guard case .json(let body) = input.body else { throw GatewayProblem.badRequest("send the quota as application/json") }
        guard body.cpu >= 0, body.ramMb >= 0, body.diskMb >= 0, (body.gpus ?? 0) >= 0 else {
            throw GatewayProblem.badRequest("cpu, ram_mb, disk_mb and gpus must not be negative")
        }
        var resources: [Resource] = [.numCpus(body.cpu), .ramMb(Int64(body.ramMb)), .diskMb(Int64(body.diskMb))]
        if let gpus = body.gpus, gpus > 0 { resources.append(.numGpus(Int64(gpus))) }
        let response = try await scheduler.call(cluster, SetQuotaArgs(ownerRole: role, quota: ResourceAggregate(resources: resources)),
                                                subject: "role \(role)")
        return .ok(.init(body: .json(AckView.make(response))))
    }

    func maintenance_status(_ input: Operations.Maintenance_status.Input) async throws -> Operations.Maintenance_status.Output {
        let hosts = try Self.hostList(input.query.hosts)
        let response = try await scheduler.call(input.path.cluster, MaintenanceStatusArgs(hosts: Hosts(hostNames: hosts)),
                                                subject: "hosts \(hosts.joined(separator: ","))")
        var statuses: [HostStatus] = []
        if case .maintenanceStatusResult(let result)? = response.result { statuses = result.statuses ?? [] }
        return .ok(.init(body: .json(.init(hosts: statuses.map(ThriftViews.hostStatus).sorted { $0.host < $1.host }))))
    }

    func maintenance_set(_ input: Operations.Maintenance_set.Input) async throws -> Operations.Maintenance_set.Output {
        guard case .json(let body) = input.body else { throw GatewayProblem.badRequest("send {\"hosts\": [...], \"action\": \"start|drain|end\"}") }
        let hosts = try Self.hostList(body.hosts)
        let cluster = input.path.cluster, subject = "hosts \(hosts.joined(separator: ","))", list = Hosts(hostNames: hosts)
        let response: Response
        var statuses: [HostStatus] = []
        switch body.action {
        case .start:
            response = try await scheduler.call(cluster, StartMaintenanceArgs(hosts: list), subject: subject)
            if case .startMaintenanceResult(let result)? = response.result { statuses = result.statuses ?? [] }
        case .drain:
            response = try await scheduler.call(cluster, DrainHostsArgs(hosts: list), subject: subject)
            if case .drainHostsResult(let result)? = response.result { statuses = result.statuses ?? [] }
        case .end:
            response = try await scheduler.call(cluster, EndMaintenanceArgs(hosts: list), subject: subject)
            if case .endMaintenanceResult(let result)? = response.result { statuses = result.statuses ?? [] }
        }
        return .ok(.init(body: .json(.init(hosts: statuses.map(ThriftViews.hostStatus).sorted { $0.host < $1.host }))))
    }

    /// Host names from `hosts=a,b&hosts=c`, each checked.
    static func hostList(_ raw: [String]) throws(GatewayProblem) -> [String] {
        let hosts = raw.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !hosts.isEmpty else { throw .badRequest("hosts is required: name at least one host, e.g. hosts=agent1.example.org") }
        for host in hosts where host.count > 253 || !host.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }) {
            throw .badRequest("host \"\(host)\" is not a host name")
        }
        return Array(Set(hosts)).sorted()
    }
}
