@testable import AuroraSimulator
import AuroraThrift
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// Accepts tokens spelling `ok:<principal>`; anything else is refused.
private struct FakeAcceptor: NegotiateAcceptor {
    struct Refused: Error {}

    func accept(token: [UInt8]) async throws -> String {
        let text = String(decoding: token, as: UTF8.self)
        guard text.hasPrefix("ok:") else { throw Refused() }
        return String(text.dropFirst(3))
    }
}

private func negotiate(_ token: String) -> HTTPFields {
    [.authorization: "Negotiate " + Data(token.utf8).base64EncodedString()]
}

/// Runs `body` against a simulator whose SPNEGO check is `acceptor`.
private func withKerberizedSimulator(
    _ gate: NegotiateGate,
    _ body: @Sendable (SimulatorServer) async throws -> Void
) async throws {
    let configuration = SimulatorConfiguration(taskStepInterval: .milliseconds(5))
    let parts = try SimulatorServer.Parts(configuration, gate: gate, clock: SystemClock())
    let server = try await SimulatorServer.start(configuration, parts: parts, logger: Logger(label: "spnego-test"))
    do {
        try await body(server)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

@Suite("SPNEGO")
struct SPNEGOTests {
    @Test func writesNeedATokenReadsDoNot() async throws {
        try await withKerberizedSimulator(NegotiateGate(acceptor: FakeAcceptor())) { server in
            let client = SimulatorClient(server)
            #expect(try await client.call(GetRoleSummaryArgs()).responseCode == .ok)

            let create = ThriftCodec.encodeCall(CreateJobArgs(description: Fixtures.job()), as: .json)
            let anonymous = try await client.send(headers: [.contentType: "application/x-thrift"], body: create)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Negotiate")
            #expect(await server.state.scheduled().isEmpty)

            let created = try await client.call(CreateJobArgs(description: Fixtures.job()), headers: negotiate("ok:gateway/localhost@EXAMPLE.TEST"))
            #expect(created.responseCode == .ok)
            _ = try await client.call(KillTasksArgs(job: Fixtures.key), headers: negotiate("ok:gateway/localhost@EXAMPLE.TEST"))
            let events = await server.state.scheduled().first?.taskEvents ?? []
            #expect(events.compactMap(\.message).last == "Killed by gateway/localhost")
        }
    }

    @Test func badTokensAndMalformedHeaders() async throws {
        try await withKerberizedSimulator(NegotiateGate(acceptor: FakeAcceptor())) { server in
            let client = SimulatorClient(server)
            let body = ThriftCodec.encodeCall(GetRoleSummaryArgs(), as: .json)
            let refused = try await client.send(headers: negotiate("forged").merging([.contentType: "application/x-thrift"]), body: body)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate] == "Negotiate")
            for header in ["Negotiate", "Basic dXNlcjpwYXNz", "Negotiate  abc", "Negotiate !!!"] {
                let malformed = try await client.send(headers: [.contentType: "application/x-thrift", .authorization: header], body: body)
                #expect(malformed.status == .badRequest, "\(header)")
            }
            #expect(server.stats.snapshot().authFailures == 5)
        }
    }

    @Test func updatesRecordThePrincipal() async throws {
        try await withKerberizedSimulator(NegotiateGate(acceptor: FakeAcceptor())) { server in
            let client = SimulatorClient(server)
            let auth = negotiate("ok:deployer@EXAMPLE.TEST")
            _ = try await client.call(CreateJobArgs(description: Fixtures.service()), headers: auth)
            let request = Fixtures.updateRequest(Fixtures.task(service: true, data: "v2"), instances: 1)
            let started = try await client.call(StartJobUpdateArgs(request: request, message: "go"), headers: auth)
            #expect(started.updateKey != nil)
            let summaries = try await client.call(GetJobUpdateSummariesArgs(jobUpdateQuery: JobUpdateQuery(role: "mesostest")))
            #expect(summaries.updateSummaries.first?.user == "deployer")
        }
    }

    /// The real `SPNEGOAcceptor` with a throw-away keytab: no KDC is needed to refuse a token.
    @Test func realAcceptorRefusesForgedTokens() async throws {
        let keytab = FileManager.default.temporaryDirectory.appendingPathComponent("simulator-\(UUID().uuidString).keytab")
        try TestKeytab.write(principal: ["HTTP", "localhost"], realm: "EXAMPLE.TEST", to: keytab)
        defer { try? FileManager.default.removeItem(at: keytab) }

        var configuration = SimulatorConfiguration()
        configuration.spnego = .init(keytab: keytab.path, principal: "HTTP/localhost@EXAMPLE.TEST")
        let server = try await SimulatorServer.start(configuration, logger: Logger(label: "spnego-keytab-test"))
        let client = SimulatorClient(server)
        let body = ThriftCodec.encodeCall(CreateJobArgs(description: Fixtures.job()), as: .json)
        let anonymous = try await client.send(headers: [.contentType: "application/x-thrift"], body: body)
        let forged = try await client.send(headers: negotiate("not a kerberos token").merging([.contentType: "application/x-thrift"]), body: body)
        let read = try await client.call(GetRoleSummaryArgs())
        await server.shutdown()
        #expect(anonymous.status == .unauthorized)
        #expect(forged.status == .unauthorized)
        #expect(read.responseCode == .ok)

        var missing = SimulatorConfiguration()
        missing.spnego = .init(keytab: "/nonexistent/simulator.keytab")
        await #expect(throws: (any Error).self) { try await SimulatorServer.start(missing, logger: Logger(label: "x")) }
    }
}

private extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged.append(field) }
        return merged
    }
}

/// Writes a minimal MIT keytab (format 0x0502) holding one random AES-256 key.
enum TestKeytab {
    static func write(principal components: [String], realm: String, to url: URL) throws {
        var entry: [UInt8] = []
        func u16(_ value: Int) { entry += [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        func u32(_ value: UInt32) { entry += withUnsafeBytes(of: value.bigEndian, Array.init) }
        func string(_ text: String) { u16(text.utf8.count); entry += Array(text.utf8) }
        u16(components.count)
        string(realm)
        components.forEach(string)
        u32(1)  // KRB5_NT_PRINCIPAL
        u32(UInt32(Date().timeIntervalSince1970))
        entry.append(1)  // kvno
        u16(18)  // aes256-cts-hmac-sha1-96
        u16(32)
        entry += (0..<32).map { _ in UInt8.random(in: 0...255) }
        u32(1)
        var file: [UInt8] = [0x05, 0x02]
        file += withUnsafeBytes(of: Int32(entry.count).bigEndian, Array.init)
        file += entry
        try Data(file).write(to: url)
    }
}
