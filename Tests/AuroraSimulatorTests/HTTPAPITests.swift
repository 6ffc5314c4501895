import AuroraSimulator
import AuroraThrift
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("/api over HTTP")
struct HTTPAPITests {
    @Test func tjsonRoundTrip() async throws {
        try await withSimulator({ $0.clusterName = "build" }) { server in
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
            let client = SimulatorClient(server)
            let reply = try await client.send(
                headers: [.contentType: "application/vnd.apache.thrift.json"],
                body: Array(#"[1,"getRoleSummary",1,7,{}]"#.utf8)
            )
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "application/vnd.apache.thrift.json")
            #expect(reply.text == #"[1,"getRoleSummary",2,7,{"0":{"rec":{"1":{"i32":1},"3":{"rec":{"17":{"rec":{"1":{"set":["rec",0]}}}}},"5":{"rec":{"1":{"str":"build"},"3":{"str":""}}},"6":{"lst":["rec",0]}}}}]"#)
        }
    }

    @Test func tbinaryBothWaysAndAcceptNegotiation() async throws {
        try await withSimulator { server in
            let client = SimulatorClient(server)
            let created = try await client.call(CreateJobArgs(description: Fixtures.job()), as: .binary)
            #expect(created.responseCode == .ok)

            let call = ThriftCodec.encodeCall(GetTasksWithoutConfigsArgs(query: TaskQuery(jobKeys: [Fixtures.key])), as: .binary)
            let binary = try await client.send(
                headers: [.contentType: "application/vnd.apache.thrift.binary", .accept: "application/vnd.apache.thrift.binary"],
                body: call
            )
            #expect(binary.headers[.contentType] == "application/vnd.apache.thrift.binary")
            let tasks = try ThriftCodec.decodeReply(binary.bytes, method: "getTasksWithoutConfigs", as: .binary).tasks
            #expect(tasks.count == 1)

            // A binary request without Accept is answered in TJSON, like Aurora.
            let json = try await client.send(headers: [.contentType: "application/vnd.apache.thrift.binary"], body: call)
            #expect(json.headers[.contentType] == "application/vnd.apache.thrift.json")
            #expect(try ThriftCodec.decodeReply(json.bytes, method: "getTasksWithoutConfigs", as: .json).tasks.count == 1)
        }
    }

    @Test func contentTypeNegotiation() async throws {
        try await withSimulator { server in
            let client = SimulatorClient(server)
            let body = ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .json)
            for accepted in ["application/x-thrift", "application/json", "application/vnd.apache.thrift.json; charset=utf-8"] {
                #expect(try await client.send(headers: [.contentType: accepted], body: body).status == .ok)
            }
            #expect(try await client.send(body: body).status == .ok)
            for refused in ["application/octet-stream", "application/json; charset=utf-8", "text/plain"] {
                let reply = try await client.send(headers: [.contentType: refused], body: body)
                #expect(reply.status == .unsupportedMediaType)
                #expect(reply.text == "Unsupported Content-Type")
            }
        }
    }

    @Test func getIsHandledAsPost() async throws {
        try await withSimulator { server in
            let reply = try await SimulatorClient(server).send(
                .get,
                headers: [.contentType: "application/vnd.apache.thrift.json"],
                body: ThriftCodec.encodeCall(GetTierConfigsArgs(), as: .json)
            )
            #expect(reply.status == .ok)
            let response = try ThriftCodec.decodeReply(reply.bytes, method: "getTierConfigs", as: .json)
            #expect(response.responseCode == .ok)
        }
    }

    @Test func unknownMethodGetsAnApplicationException() async throws {
        try await withSimulator { server in
            let reply = try await SimulatorClient(server).send(
                headers: [.contentType: "application/vnd.apache.thrift.json"],
                body: Array(#"[1,"performMagic",1,3,{}]"#.utf8)
            )
            #expect(reply.status == .ok)
            #expect(reply.text == #"[1,"performMagic",3,3,{"1":{"str":"Invalid method name: 'performMagic'"},"2":{"i32":1}}]"#)
            #expect(throws: ThriftError.applicationException(TApplicationException(.unknownMethod, message: "Invalid method name: 'performMagic'"))) {
                try ThriftCodec.decodeReply(reply.bytes, method: "performMagic", as: .json)
            }
        }
    }

    @Test func unreadableMessagesAre500() async throws {
        try await withSimulator { server in
            let client = SimulatorClient(server)
            let garbage = try await client.send(headers: [.contentType: "application/x-thrift"], body: Array("hello".utf8))
            #expect(garbage.status == .internalServerError)
            let empty = try await client.send(headers: [.contentType: "application/vnd.apache.thrift.binary"])
            #expect(empty.status == .internalServerError)
            let badArgs = try await client.send(
                headers: [.contentType: "application/x-thrift"],
                body: Array(#"[1,"getJobs",1,0,{"1":{"i32":5}}]"#.utf8)
            )
            #expect(badArgs.status == .ok)
            #expect(badArgs.text.hasPrefix(#"[1,"getJobs",3,0,{"1":{"str":"Cannot read arguments of getJobs"#))
            #expect(badArgs.text.hasSuffix(#""2":{"i32":7}}]"#))
        }
    }

    @Test func writesGoThroughAndAuditAsUnsecure() async throws {
        try await withSimulator { server in
            let client = SimulatorClient(server)
            #expect(try await client.call(CreateJobArgs(description: Fixtures.job(instances: 2))).responseCode == .ok)
            let kill = try await client.call(KillTasksArgs(job: Fixtures.key, instances: [1], message: "bye"))
            #expect(kill.responseCode == .ok)
            let tasks = try await client.call(GetTasksStatusArgs(query: TaskQuery(instanceIds: [1], jobKeys: [Fixtures.key]))).tasks
            #expect(tasks.first?.taskEvents?.compactMap(\.message).last == "Killed by UNSECURE.\nbye")
        }
    }

    @Test func healthAndStats() async throws {
        try await withSimulator { server in
            let client = SimulatorClient(server)
            #expect(try await client.send(.get, "/health").text == "OK")
            #expect(try await client.send(.get, "/leaderhealth").status == .ok)
            _ = try await client.call(GetRoleSummaryArgs())
            _ = try await client.call(GetRoleSummaryArgs())
            _ = try await client.call(GetJobsArgs())
            let stats = try JSONDecoder().decode(SimulatorStats.Snapshot.self, from: Data(try await client.send(.get, "/sim/stats").bytes))
            #expect(stats.requests == 3)
            #expect(stats.methods == ["getRoleSummary": 2, "getJobs": 1])
            #expect(stats == server.stats.snapshot())
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await withSimulator({ $0.maxBodyBytes = 64 }) { server in
            let reply = try await SimulatorClient(server).send(body: [UInt8](repeating: 0x20, count: 200))
            #expect(reply.status == .contentTooLarge)
        }
    }
}

@Suite("Leader redirect")
struct LeaderRedirectTests {
    @Test func nonLeaderRedirectsUnlessBypassed() async throws {
        try await withSimulator({ $0.redirectTo = "http://leader.example.com:8081" }) { server in
            let client = SimulatorClient(server)
            let body = ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .json)
            let redirected = try await client.send(headers: [.contentType: "application/x-thrift"], body: body)
            #expect(redirected.status == .temporaryRedirect)
            #expect(redirected.headers[.location] == "http://leader.example.com:8081/api")

            let bypass = HTTPField.Name("Bypass-Leader-Redirect")!
            let bypassed = try await client.send(headers: [.contentType: "application/x-thrift", bypass: "true"], body: body)
            #expect(bypassed.status == .ok)

            #expect(try await client.send(.get, "/leaderhealth").status == .serviceUnavailable)
            #expect(server.stats.snapshot().redirects == 1)
        }
    }
}
