import AuroraSimulator
import AuroraThrift
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("Fault injection")
struct FaultTests {
    @Test func countsDownAndClears() {
        let faults = FaultInjector()
        faults.inject(Fault(httpStatus: 503, count: 2))
        #expect(faults.current?.count == 2)
        faults.inject(Fault(garbage: true))
        #expect(faults.current == Fault(garbage: true))
        faults.clear()
        #expect(faults.current == nil)
        faults.inject(Fault(errorTransient: true, count: 0))
        #expect(faults.current == nil)
    }

    @Test func serviceUnavailableForTheNextRequestsOnly() async throws {
        try await withSimulator { server in
            let client = SimulatorClient(server)
            server.faults.inject(Fault(httpStatus: 503, count: 2))
            let body = ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .json)
            for _ in 0..<2 {
                let reply = try await client.send(headers: [.contentType: "application/x-thrift"], body: body)
                #expect(reply.status == .serviceUnavailable)
                #expect(reply.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(reply.text.contains("No leader"))
            }
            #expect(try await client.call(GetRoleSummaryArgs()).responseCode == .ok)
            #expect(server.faults.current == nil)
            #expect(server.stats.snapshot().faultsInjected == 2)
        }
    }

    @Test func errorTransientReply() async throws {
        try await withSimulator { server in
            server.faults.inject(Fault(errorTransient: true, count: 1))
            let client = SimulatorClient(server)
            let transient = try await client.call(GetJobsArgs(), as: .binary)
            #expect(transient.responseCode == .errorTransient)
            #expect(transient.serverInfo?.clusterName == "devcluster")
            #expect(try await client.call(GetJobsArgs()).responseCode == .ok)
        }
    }

    @Test func garbageIsA200WithoutThrift() async throws {
        try await withSimulator { server in
            server.faults.inject(Fault(garbage: true))
            let client = SimulatorClient(server)
            for _ in 0..<2 {
                let reply = try await client.send(
                    headers: [.contentType: "application/x-thrift"],
                    body: ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .json)
                )
                #expect(reply.status == .ok)
                #expect(throws: ThriftError.self) { try ThriftCodec.decodeReply(reply.bytes, method: "getRoleSummary", as: .json) }
            }
        }
    }

    @Test func delayHoldsTheReply() async throws {
        try await withSimulator { server in
            server.faults.inject(Fault(delay: .milliseconds(150), count: 1))
            let clock = ContinuousClock()
            let started = clock.now
            let response = try await SimulatorClient(server).call(GetRoleSummaryArgs())
            #expect(response.responseCode == .ok)
            #expect(clock.now - started >= .milliseconds(150))
        }
    }

    @Test func controlEndpoint() async throws {
        try await withSimulator { server in
            let client = SimulatorClient(server)
            let json: HTTPFields = [.contentType: "application/json"]
            let set = try await client.send(.post, "/sim/faults", headers: json, body: Array(#"{"http_status":503,"count":1,"delay_ms":5}"#.utf8))
            #expect(set.status == .ok)
            #expect(server.faults.current == Fault(delay: .milliseconds(5), httpStatus: 503, count: 1))
            let current = try JSONSerialization.jsonObject(with: Data(try await client.send(.get, "/sim/faults").bytes)) as? [String: Any]
            #expect(current?["http_status"] as? Int == 503)

            let body = ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .json)
            #expect(try await client.send(headers: [.contentType: "application/x-thrift"], body: body).status == .serviceUnavailable)
            #expect(try await client.send(headers: [.contentType: "application/x-thrift"], body: body).status == .ok)

            _ = try await client.send(.post, "/sim/faults", headers: json, body: Array(#"{"error_transient":true}"#.utf8))
            #expect(server.faults.current == Fault(errorTransient: true))
            #expect(try await client.send(.delete, "/sim/faults").status == .noContent)
            #expect(server.faults.current == nil)
            #expect(try await client.send(.get, "/sim/faults").text == "{}")
            #expect(try await client.send(.post, "/sim/faults", headers: json, body: Array("nope".utf8)).status == .badRequest)
            #expect(try await client.send(.post, "/sim/faults", body: Array(#"{"http_status":42}"#.utf8)).status == .badRequest)
        }
    }
}
