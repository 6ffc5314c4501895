import AuroraSimulator
import AuroraThrift
import Foundation
import HTTPTransport
import Kerberos
import SchedulerClient
import TestSupport
import Testing

@Suite("KerberosSchedulerClient against the simulator with SPNEGO from a real KDC")
struct KerberosSchedulerClientTests {
    @Test("writes authenticate with the gateway's principal, reads go without a token as Aurora's client sends them, in TJSON and TBinary",
          arguments: ThriftProtocolKind.allCases)
    func authenticatedCalls(kind: ThriftProtocolKind) async throws {
        let sim = try await Fixtures.simulator(spnegoPrincipal: "HTTP/localhost@AGW.TEST")
        defer { Task { await sim.shutdown() } }
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)", kind: kind)
        let created = try await client.call(CreateJobArgs(description: Fixtures.helloJob()))
        #expect(created.response.responseCode == .ok, "\(created.response.message)")
        #expect(created.upstreamPrincipal == "aurora-gw/localhost")
        let roles = try await client.call(GetRoleSummaryArgs())
        guard case .roleSummaryResult(let result)? = roles.response.result else {
            Issue.record("no role summary in \(roles.response)")
            return
        }
        #expect(result.summaries?.map(\.role) == ["mesostest"])
        #expect(roles.response.serverInfo?.clusterName == "build")
        #expect(roles.upstreamPrincipal == nil)
        #expect(roles.exchanges == 1)
        let killed = try await client.call(KillTasksArgs(job: JobKey(role: "mesostest", environment: "devel", name: "hello"), message: "bye"))
        #expect(killed.response.responseCode == .ok)
        let tasks = try await client.call(GetTasksStatusArgs(query: TaskQuery(jobKeys: [JobKey(role: "mesostest", environment: "devel", name: "hello")])))
        guard case .scheduleStatusResult(let status)? = tasks.response.result else { Issue.record("no tasks"); return }
        let messages = status.tasks?.flatMap { $0.taskEvents ?? [] }.compactMap(\.message) ?? []
        #expect(messages.contains { $0.contains("Killed by aurora-gw/localhost") })
    }

    @Test("a non-leader's 307 is followed with a fresh token for the leader's host, and the leader is remembered")
    func leaderRedirect() async throws {
        let leader = try await Fixtures.simulator(spnegoPrincipal: "HTTP/127.0.0.1@AGW.TEST")
        defer { Task { await leader.shutdown() } }
        let follower = try await Fixtures.simulator(spnegoPrincipal: "HTTP/localhost@AGW.TEST", redirectTo: "http://127.0.0.1:\(leader.port)")
        defer { Task { await follower.shutdown() } }
        let client = try await Fixtures.client(uri: "http://localhost:\(follower.port)")
        let first = try await client.call(CreateJobArgs(description: Fixtures.helloJob()))
        #expect(first.response.responseCode == .ok, "\(first.response.message)")
        #expect(first.answeredBy == "http://127.0.0.1:\(leader.port)/api")
        #expect(first.exchanges == 2)
        let second = try await client.call(GetRoleSummaryArgs())
        #expect(second.exchanges == 1)
        #expect(follower.stats.snapshot().requests == 1)
        #expect(leader.stats.snapshot().requests == 2)
    }

    @Test("a scheduler that refuses the token names the service principal the gateway tried")
    func refusedToken() async throws {
        let sim = try await Fixtures.simulator(spnegoPrincipal: "HTTP/localhost@AGW.TEST")
        defer { Task { await sim.shutdown() } }
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)", servicePrincipal: "HTTP/127.0.0.1@AGW.TEST")
        let error = await #expect(throws: SchedulerError.self) { try await client.call(CreateJobArgs(description: Fixtures.helloJob())) }
        guard case .authenticationRejected(_, _, let spn, let principal)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(spn == "HTTP/127.0.0.1@AGW.TEST")
        #expect(principal == "aurora-gw/localhost@AGW.TEST")
        #expect(error?.description.contains("HTTP/127.0.0.1@AGW.TEST") == true)
        // The probe (`check`, readiness) authenticates even though it is a read, so it finds the same mistake.
        let probed = await #expect(throws: SchedulerError.self) { try await client.probe() }
        guard case .authenticationRejected? = probed else { Issue.record("probe got \(String(describing: probed))"); return }
        #expect(try await client.call(GetRoleSummaryArgs()).upstreamPrincipal == nil)
    }

    @Test("a scheduler whose proxy challenges reads gets the token on the retry, and on every later read at once")
    func challengedReads() async throws {
        let kdc = try await TestKDC.shared()
        var configuration = SimulatorConfiguration(clusterName: "build", taskStepInterval: .milliseconds(20))
        configuration.spnego = .init(keytab: kdc.keytab("http.keytab"), principal: "HTTP/localhost@AGW.TEST", challengesReads: true)
        let sim = try await SimulatorServer.start(configuration, logger: Fixtures.logger)
        defer { Task { await sim.shutdown() } }
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)")
        let first = try await client.call(GetRoleSummaryArgs())
        #expect(first.response.responseCode == .ok)
        #expect(first.exchanges == 2)
        #expect(first.upstreamPrincipal == "aurora-gw/localhost")
        let second = try await client.call(GetJobsArgs(ownerRole: "mesostest"))
        #expect(second.exchanges == 1)
        #expect(second.upstreamPrincipal == "aurora-gw/localhost")
        #expect(sim.stats.snapshot().authFailures == 1)
    }

    @Test("without Kerberos, reads pass and writes get the scheduler's 401")
    func unauthenticated() async throws {
        let sim = try await Fixtures.simulator(spnegoPrincipal: "HTTP/localhost@AGW.TEST")
        defer { Task { await sim.shutdown() } }
        let client = try await Fixtures.client(uri: "http://localhost:\(sim.port)", auth: .unauthenticated)
        #expect(try await client.call(GetRoleSummaryArgs()).response.responseCode == .ok)
        let error = await #expect(throws: SchedulerError.self) { try await client.call(CreateJobArgs(description: Fixtures.helloJob())) }
        guard case .authenticationRequired? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("auth_mechanism to KERBEROS") == true)
    }

    @Test("a KDC that is down is reported as a Kerberos error before anything is sent")
    func kdcDown() async throws {
        let kdc = try await TestKDC.shared()
        let sim = try await Fixtures.simulator()
        defer { Task { await sim.shutdown() } }
        let credential = try KeytabCredential(settings: .init(principal: "gw/localhost@DEAD.TEST", keytab: kdc.keytab("dead.keytab")))
        let client = try KerberosSchedulerClient(
            cluster: ClusterConfig(name: "build", schedulerURI: "http://localhost:\(sim.port)", retryDeadline: .milliseconds(200)),
            http: Fixtures.http, credential: credential, logger: Fixtures.logger)
        let error = await #expect(throws: SchedulerError.self) { try await client.call(CreateJobArgs(description: Fixtures.helloJob())) }
        guard case .kerberos(_, .kdcUnreachable)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(sim.stats.snapshot().requests == 0)
    }

    @Test("a redirect to a non-http Location is refused with its own error, not followed")
    func badRedirect() async throws {
        let follower = try await Fixtures.simulator(redirectTo: "ftp://elsewhere")
        defer { Task { await follower.shutdown() } }
        let client = try await Fixtures.client(uri: "http://localhost:\(follower.port)", auth: .unauthenticated)
        let error = await #expect(throws: SchedulerError.self) { try await client.call(GetRoleSummaryArgs()) }
        guard case .badRedirect(_, _, let location)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(location == "ftp://elsewhere/api")
    }
}
