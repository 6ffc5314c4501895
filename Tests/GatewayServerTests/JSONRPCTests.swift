import Foundation
import GatewayCore
import Testing

@Suite("JSON-RPC 2.0 at /v1/rpc: the same operations, authorization, validation and audit as REST")
struct JSONRPCTests {
    func rpc(_ gateway: RunningGateway, _ token: String, _ body: Any) async throws -> Answer {
        try await gateway.call("POST", "/v1/rpc", token: token, json: body)
    }

    @Test("methods are operation ids with named params; results are the REST bodies", .timeLimit(.minutes(1)))
    func calls() async throws {
        let sim = try await SimulatedCluster.start()
        let gateway = try await RunningGateway.start(sim.configure)
        defer { Task { await gateway.stop(); await sim.stop() } }
        try await sim.grantQuota(gateway)
        let alice = try await gateway.issue("alice").secret
        let key: [String: Any] = ["cluster": "build", "role": "mesostest", "env": "devel", "name": "hello"]
        let create = try await rpc(gateway, alice, ["jsonrpc": "2.0", "id": 1, "method": "job.create",
                                                    "params": key.merging(["spec": APIFixture.service]) { $1 }])
        #expect(create.status == 200)
        let result = create.object["result"] as? [String: Any]
        #expect(result?["name"] as? String == "hello", "\(create.text)")
        #expect(create.object["id"] as? Int == 1)
        let me = try await rpc(gateway, alice, ["jsonrpc": "2.0", "id": "me", "method": "me"])
        #expect((me.object["result"] as? [String: Any])?["login"] as? String == "alice")

        let batch = try await rpc(gateway, alice, [
            ["jsonrpc": "2.0", "id": 1, "method": "jobs.list", "params": ["cluster": "build", "role": "mesostest"]],
            ["jsonrpc": "2.0", "id": 2, "method": "tasks.list", "params": key.merging(["status": "all"]) { $1 }],
            ["jsonrpc": "2.0", "id": 3, "method": "job.kill", "params": ["cluster": "build", "role": "other", "env": "devel", "name": "x"]],
            ["jsonrpc": "2.0", "id": 4, "method": "no.such.method"],
            ["jsonrpc": "2.0", "id": 5, "method": "job.create", "params": key.merging(["spec": ["resources": ["cpu": -1]]]) { $1 }],
            ["jsonrpc": "2.0", "method": "me"],
            ["jsonrpc": "1.0", "id": 7, "method": "me"],
        ])
        let replies = try #require(try JSONSerialization.jsonObject(with: Data(batch.text.utf8)) as? [[String: Any]])
        #expect(replies.count == 6)
        func reply(_ id: Int) -> [String: Any] { replies.first { $0["id"] as? Int == id } ?? [:] }
        #expect(((reply(1)["result"] as? [String: Any])?["jobs"] as? [Any])?.count == 1)
        #expect(reply(2)["result"] != nil)
        let forbidden = reply(3)["error"] as? [String: Any]
        #expect(forbidden?["code"] as? Int == -32003)
        #expect((forbidden?["message"] as? String)?.contains("job.kill") == true)
        #expect((reply(4)["error"] as? [String: Any])?["code"] as? Int == -32601)
        let invalid = reply(5)["error"] as? [String: Any]
        #expect(invalid?["code"] as? Int == -32602)
        let message = invalid?["message"] as? String ?? ""
        #expect(message.contains("/resources/cpu") && message.contains("/processes"), "\(message)")
        #expect((reply(7)["error"] as? [String: Any])?["code"] as? Int == -32600)

        let outer = try #require(batch.header("X-Request-Id"))
        let audited = try await gateway.parts.audit.query(AuditFilter(actor: "alice", limit: 1000)).records
        let ids = Set(audited.map(\.id))
        for index in [0, 1, 2, 4, 5] { #expect(ids.contains("\(outer).\(index)"), "call \(index) of the batch is not audited") }
        #expect(audited.contains { $0.id == "\(outer).2" && $0.decision == "deny" && $0.action == "job.kill" })
    }

    @Test("parse errors, empty and oversized batches, notifications only")
    func envelope() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice").secret
        let garbage = try await gateway.call("POST", "/v1/rpc", token: alice, headers: [.init("Content-Type", "application/json")])
        #expect((garbage.object["error"] as? [String: Any])?["code"] as? Int == -32700)
        #expect((try await rpc(gateway, alice, [] as [Any]).object["error"] as? [String: Any])?["code"] as? Int == -32600)
        let big = Array(repeating: ["jsonrpc": "2.0", "id": 1, "method": "me"] as [String: Any], count: 51)
        let tooMany = try await rpc(gateway, alice, big)
        #expect((tooMany.object["error"] as? [String: Any])?["message"] as? String == "a batch of 51 calls is over the limit of 50: split it")
        let notification = try await rpc(gateway, alice, ["jsonrpc": "2.0", "method": "me"])
        #expect(notification.status == 204)
        let missing = try await rpc(gateway, alice, ["jsonrpc": "2.0", "id": 1, "method": "job.get", "params": ["cluster": "build"]])
        #expect((missing.object["error"] as? [String: Any])?["message"] as? String == "params.role is required for this method")
        let unknown = try await rpc(gateway, alice, ["jsonrpc": "2.0", "id": 1, "method": "jobs.list",
                                                     "params": ["cluster": "build", "role": "r", "env": "prod"]])
        #expect((unknown.object["error"] as? [String: Any])?["message"] as? String == "unknown params: env; jobs.list takes cluster, role")
        let unauthenticated = try await gateway.call("POST", "/v1/rpc", json: ["jsonrpc": "2.0", "id": 1, "method": "me"])
        #expect(unauthenticated.status == 401)
    }

    @Test("query params keep +, & and = intact (times with offsets, globs)")
    func queryEncoding() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        defer { Task { await gateway.stop() } }
        let dave = try await gateway.issue("dave").secret
        let answer = try await rpc(gateway, dave, ["jsonrpc": "2.0", "id": 1, "method": "audit.list",
                                                   "params": ["since": "2000-01-01T10:00:00+02:00", "action": "tokens.*&x=1"]])
        #expect(answer.object["error"] == nil, "\(answer.text)")
        #expect(answer.object["result"] != nil)
    }
}
