import AuroraThrift

/// A realistic `getTasksWithoutConfigs` reply (protocol.md §1.3's task, repeated) for codec throughput.
enum CodecFixture {
    static func tasksReply(count: Int) -> Response {
        let key = JobKey(role: "mesostest", environment: "devel", name: "hello")
        let tasks = (0..<count).map { index -> ScheduledTask in
            let config = TaskConfig(
                job: key, owner: Identity(user: "mesostest"), isService: false, priority: 0, maxTaskFailures: 1,
                production: false, tier: "preemptible", resources: [.numCpus(0.1), .ramMb(16), .diskMb(16)],
                constraints: [], taskLinks: [:], executorConfig: ExecutorConfig(name: "AuroraExecutor"), metadata: [],
                container: .mesos(MesosContainer()))
            let assigned = AssignedTask(
                taskId: "mesostest-devel-hello-\(index)-5f2b5c4e-8f0e-4d2e-9a57-0b1c2d3e4f50",
                slaveId: "a1b2c3d4-0000-0000-0000-000000000001-S0", slaveHost: "agent\(index % 20).example.com",
                task: config, assignedPorts: [:], instanceId: Int32(index))
            let events = [(0, ScheduleStatus.pending), (350, .assigned), (2100, .starting), (4500, .running)].map {
                TaskEvent(timestamp: 1_589_000_000_000 + Int64($0.0), status: $0.1, scheduler: "scheduler1.example.com")
            }
            return ScheduledTask(assignedTask: assigned, status: .running, failureCount: 0, timesPartitioned: 0, taskEvents: events)
        }
        return Response(responseCode: .ok, serverInfo: ServerInfo(clusterName: "build", statsUrlPrefix: ""),
                        result: .scheduleStatusResult(ScheduleStatusResult(tasks: tasks)), details: [])
    }
}
