import Foundation
import TestSupport
import Testing

@Suite("aurora-gateway check, end to end: the built binary, a real KDC, schedulers over sockets")
struct CheckCommandTests {
    @Test("passes against the simulator demanding SPNEGO, in TJSON and TBinary", arguments: ["json", "binary"])
    func simulatorWithSPNEGO(protocolName: String) async throws {
        let sim = try await Harness.simulator(keytab: "http-localhost.keytab", principal: "HTTP/localhost@AGW.TEST")
        let config = try await Harness.config(cluster: "http://localhost:\(sim.port)", protocolName: protocolName)
        let result = try await Harness.check(config: config)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("ok   kerberos: aurora-gw/localhost@AGW.TEST from ") && $0.contains("ticket valid until") })
        #expect(lines.contains { $0.hasPrefix("ok   cluster build: http://localhost:\(sim.port)/api answered getRoleSummary as aurora-gw/localhost") })
        #expect(lines.contains { $0.hasPrefix("ok   database: ") && $0.contains("synchronous=FULL") })
        #expect(lines.contains { $0.hasPrefix("ok   directory: static") })
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test("passes against a non-leader that redirects to the leader on another host name")
    func nonLeaderRedirect() async throws {
        let leader = try await Harness.simulator(keytab: "http-127.keytab", principal: "HTTP/127.0.0.1@AGW.TEST")
        let follower = try await Harness.simulator(keytab: "http-localhost.keytab", principal: "HTTP/localhost@AGW.TEST",
                                                   redirectTo: "http://127.0.0.1:\(leader.port)")
        let config = try await Harness.config(cluster: "http://localhost:\(follower.port)")
        let result = try await Harness.check(config: config)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok   cluster build: http://127.0.0.1:\(leader.port)/api answered getRoleSummary"))
    }

    @Test("passes against Apache Thrift's Java implementation and Java's JGSS acceptor", arguments: ["json", "binary"])
    func javaScheduler(protocolName: String) async throws {
        let java = try await Harness.javaScheduler(keytab: "http-localhost.keytab", principal: "HTTP/localhost@AGW.TEST")
        let config = try await Harness.config(cluster: "http://localhost:\(java.port)", protocolName: protocolName)
        let result = try await Harness.check(config: config)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\n\(java.process.log)")
        #expect(result.stdout.contains("answered getRoleSummary as aurora-gw/localhost"))
        #expect(result.stdout.contains(": 1 roles"))
        let (status, last) = try await Harness.get("\(java.url)/sim/last")
        #expect(status == 200)
        #expect(last.contains("getRoleSummary"))
        #expect(last.contains("aurora-gw/localhost@AGW.TEST"))
    }

    @Test("follows a Java non-leader's 307 to the Java leader")
    func javaRedirect() async throws {
        let leader = try await Harness.javaScheduler(keytab: "http-127.keytab", principal: "HTTP/127.0.0.1@AGW.TEST")
        let follower = try await Harness.javaScheduler(redirectTo: "http://127.0.0.1:\(leader.port)")
        let config = try await Harness.config(cluster: "http://localhost:\(follower.port)")
        let result = try await Harness.check(config: config)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("http://127.0.0.1:\(leader.port)/api answered getRoleSummary"))
    }

    @Test("a keytab without the configured principal: exit 1 naming the principal and the keytab")
    func principalNotInKeytab() async throws {
        let kdc = try await TestKDC.shared()
        let sim = try await Harness.simulator()
        let config = try await Harness.config(cluster: "http://localhost:\(sim.port)", keytab: "http-localhost.keytab")
        let result = try await Harness.check(config: config)
        #expect(result.status == 1)
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("FAIL kerberos:") } ?? ""
        #expect(line.contains("aurora-gw/localhost@AGW.TEST"), "\(result.stdout)")
        #expect(line.contains(kdc.keytab("http-localhost.keytab")))
    }

    @Test("a scheduler that refuses the token: exit 1 naming the service principal tried")
    func refusedToken() async throws {
        let sim = try await Harness.simulator(keytab: "http-localhost.keytab", principal: "HTTP/localhost@AGW.TEST")
        let config = try await Harness.config(cluster: "http://localhost:\(sim.port)", servicePrincipal: "HTTP/127.0.0.1@AGW.TEST")
        let result = try await Harness.check(config: config)
        #expect(result.status == 1)
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("FAIL cluster build:") } ?? ""
        #expect(line.contains("HTTP/127.0.0.1@AGW.TEST"), "\(result.stdout)")
        #expect(line.contains("401"))
    }

    @Test("a scheduler that is down: exit 1 naming the URL")
    func schedulerDown() async throws {
        let config = try await Harness.config(cluster: "http://localhost:1")
        let result = try await Harness.check(config: config)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL cluster build:"))
        #expect(result.stdout.contains("localhost:1"))
    }

    @Test("a configuration error: exit 2 naming the key")
    func configurationError() async throws {
        let dir = RepoPaths.temporaryDirectory("agw-e2e")
        let path = dir.appendingPathComponent("bad.yaml").path
        try Data("kerberos:\n  principal: a@B\n  keytab: /nonexistent.keytab\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try await Harness.check(config: path)
        #expect(result.status == 2)
        #expect(result.stdout.contains("FAIL config: kerberos.keytab: /nonexistent.keytab does not exist"))
    }

    @Test("usage errors exit 2")
    func usageError() async throws {
        let result = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["check"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--config"))
    }
}
