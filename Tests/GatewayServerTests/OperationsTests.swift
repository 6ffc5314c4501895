import Foundation
import GatewayCore
import Testing

@Suite("Every operation over REST against a real (simulated) scheduler, each with its audit records")
struct OperationsTests {
    @Test("the whole catalogue, in the order a user would go, through the one pipeline", .timeLimit(.minutes(2)))
    func catalogueWalk() async throws {
        // Slow enough that an update of three instances is still rolling while it is paused, resumed and rolled back.
        let sim = try await SimulatedCluster.start(step: .milliseconds(300))
        let gateway = try await RunningGateway.start(sim.configure)
        defer { Task { await gateway.stop(); await sim.stop() } }
        let dave = try await gateway.issue("dave").secret
        var answers: [(String, Answer)] = []
        func call(_ action: String, _ method: String, _ path: String, json: Any? = nil, expect: Int) async throws -> Answer {
            let answer = try await gateway.call(method, path, token: dave, json: json)
            #expect(answer.status == expect, "\(action): \(answer.text)")
            answers.append((action, answer))
            return answer
        }
        let job = APIFixture.job
        let clusters = try await call("clusters.list", "GET", "/v1/clusters", expect: 200)
        #expect((clusters.object["clusters"] as? [[String: Any]])?.first?["name"] as? String == "build")
        _ = try await call("quota.set", "PUT", "/v1/clusters/build/roles/mesostest/quota", json: ["cpu": 10, "ram_mb": 10240, "disk_mb": 20480], expect: 200)
        let inspected = try await call("job.inspect", "POST", job + "/inspect", json: APIFixture.service, expect: 200)
        let executor = inspected.object["executor_data"] as? [String: Any]
        #expect((executor?["task"] as? [String: Any])?["processes"] is [Any])
        #expect(executor?["role"] as? String == "mesostest")
        let created = try await call("job.create", "POST", job, json: APIFixture.service, expect: 201)
        #expect(created.object["url"] as? String == "\(sim.simulator.baseURL)/scheduler/mesostest/devel/hello")
        let again = try await gateway.call("POST", job, token: dave, json: APIFixture.service)
        #expect(again.status == 409, "\(again.text)")
        let listed = try await call("jobs.list", "GET", "/v1/clusters/build/roles/mesostest/jobs", expect: 200)
        #expect((listed.object["jobs"] as? [[String: Any]])?.contains { $0["name"] as? String == "hello" } == true)
        let detail = try await call("job.get", "GET", job, expect: 200)
        #expect(detail.object["instances"] as? Int == 2)
        #expect((detail.object["configs"] as? [[String: Any]])?.isEmpty == false)
        _ = try await call("roles.list", "GET", "/v1/clusters/build/roles", expect: 200)
        let tasks = try await waitForTasks(gateway, dave, job, count: 2)
        #expect(tasks.allSatisfy { $0["status"] as? String == "RUNNING" })
        answers.append(("tasks.list", try await gateway.call("GET", job + "/tasks?status=all", token: dave)))
        _ = try await call("tasks.pendingReasons", "GET", job + "/pending-reasons", expect: 200)
        _ = try await call("job.restart", "POST", job + "/restart", json: ["instances": [0]], expect: 200)
        _ = try await call("job.addInstances", "POST", job + "/instances", json: ["count": 1], expect: 200)
        _ = try await call("job.killInstances", "POST", job + "/kill", json: ["instances": [2], "message": "scale down"], expect: 200)
        let diff = try await call("job.diff", "POST", job + "/diff", json: APIFixture.service(cpu: 0.75), expect: 200)
        #expect((diff.object["update"] as? [Any])?.isEmpty == false || (diff.object["add"] as? [Any])?.isEmpty == false)
        // Eight instances, one at a time: the update is still active when rollback and abort come, however slow the machine.
        var bigger = APIFixture.service(cpu: 0.75)
        bigger["instances"] = 8
        let started = try await call("update.start", "POST", job + "/updates", json: ["spec": bigger, "message": "more cpu"], expect: 201)
        let id = try #require(started.object["update_id"] as? String)
        let updates = try await call("updates.list", "GET", job + "/updates", expect: 200)
        #expect((updates.object["updates"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)
        _ = try await call("update.get", "GET", job + "/updates/\(id)", expect: 200)
        _ = try await call("update.pause", "POST", job + "/updates/\(id)/pause", json: ["message": "hold"], expect: 200)
        _ = try await call("update.resume", "POST", job + "/updates/\(id)/resume", expect: 200)
        _ = try await call("update.pulse", "POST", job + "/updates/\(id)/pulse", expect: 200)
        _ = try await call("update.rollback", "POST", job + "/updates/\(id)/rollback", expect: 200)
        _ = try await call("update.abort", "POST", job + "/updates/\(id)/abort", expect: 200)
        _ = try await call("cron.schedule", "PUT", APIFixture.cronJob + "/cron", json: APIFixture.cron, expect: 200)
        let cronAgain = try await gateway.call("POST", APIFixture.cronJob, token: dave, json: APIFixture.cron)
        #expect(cronAgain.status == 409, "\(cronAgain.text)")
        _ = try await call("cron.run", "POST", APIFixture.cronJob + "/cron/run", expect: 200)
        _ = try await call("cron.deschedule", "DELETE", APIFixture.cronJob + "/cron", expect: 200)
        let quota = try await call("quota.get", "GET", "/v1/clusters/build/roles/mesostest/quota", expect: 200)
        #expect((quota.object["quota"] as? [String: Any])?["cpu"] as? Double == 10)
        let hosts = try await call("maintenance.set", "POST", "/v1/clusters/build/maintenance", json: ["hosts": ["agent-1"], "action": "start"], expect: 200)
        #expect((hosts.object["hosts"] as? [[String: Any]])?.first?["mode"] as? String == "SCHEDULED")
        _ = try await call("maintenance.status", "GET", "/v1/clusters/build/maintenance?hosts=agent-1", expect: 200)
        _ = try await call("task.run", "POST", job + "/instances/0/run", json: ["command": "hostname"], expect: 501)
        _ = try await call("task.logs", "GET", job + "/instances/0/logs/build/stdout", expect: 501)
        _ = try await call("job.kill", "DELETE", job, expect: 200)

        var walked = Set<String>()
        for (action, answer) in answers {
            let id = try #require(answer.header("X-Request-Id"))
            let records = try await gateway.parts.audit.query(AuditFilter(requestID: id, ascending: true)).records
            let decided = try #require(records.first, "\(action) has no audit record")
            #expect(decided.phase == .decided && decided.action == action && decided.decision == "allow" && decided.actor == "dave")
            let operation = try #require(OperationCatalogue.named(action))
            #expect(decided.rule == (operation.isTargeted ? "admin_groups" : "self-service"), "\(action)")
            if operation.isTargeted { #expect(decided.cluster == "build", "\(action)") }
            let write = !["GET", "HEAD"].contains(String(decided.request?.split(separator: " ").first ?? ""))
            if write || answer.status >= 400 {
                let completed = try #require(records.last, "\(action)")
                #expect(completed.phase == .completed && completed.httpStatus == answer.status, "\(action)")
                if operation.schedulerCall != nil && answer.status < 300 {
                    #expect(completed.responseCode == "OK", "\(action): \(completed)")
                    #expect(completed.upstreamRPC?.isEmpty == false, "\(action)")
                }
            } else {
                #expect(records.count == 1, "\(action)")
            }
            walked.insert(action)
        }
        let servedElsewhere: Set<String> = ["me", "tokens.create", "tokens.list", "tokens.get", "tokens.revoke", "audit.list"]
        #expect(walked.union(servedElsewhere) == Set(OperationCatalogue.all.map(\.id)))
        #expect(try await gateway.parts.audit.verify().firstProblem == nil)
    }

    func waitForTasks(_ gateway: RunningGateway, _ token: String, _ job: String, count: Int) async throws -> [[String: Any]] {
        for _ in 0..<300 {
            let answer = try await gateway.call("GET", job + "/tasks", token: token)
            let tasks = answer.object["tasks"] as? [[String: Any]] ?? []
            if tasks.count >= count && tasks.allSatisfy({ $0["status"] as? String == "RUNNING" }) { return tasks }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the job's tasks did not reach RUNNING")
        return []
    }
}
