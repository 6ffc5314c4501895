import Foundation
import TestSupport
import Testing

/// The fault soaks each load both cores for many seconds; run together with each other on a 2-core CI machine they
/// starve one another, so they run one at a time (the rest of the suite still runs alongside).
@Suite("fault soaks, one at a time", .serialized)
enum Soaks {
    /// A gateway config in `dir` for the identity soaks: the private `kdc` for the gateway's ticket, a scheduler at
    /// `sim` that demands SPNEGO for writes, the private `ldap` as directory (1 s cache), alice's e-group may
    /// `job.*` on mesostest and alice-aurora-users may read. Returns its path.
    @discardableResult
    static func identityConfig(in dir: URL, kdc: TestKDC, ldap: TestSLAPD, sim: Harness.Server, listen: String = "127.0.0.1:0") throws -> String {
        let config = dir.appendingPathComponent("gateway.yaml").path
        try Data("""
        listen: "\(listen)"
        data_dir: "\(dir.path)/data"
        kerberos:
          principal: "aurora-gw/localhost@AGW.TEST"
          keytab: "\(kdc.keytab("gateway.keytab"))"
        clusters:
          - name: build
            scheduler_uri: "http://localhost:\(sim.port)"
            auth_mechanism: KERBEROS
            timeout: "2s"
            retry_deadline: "2s"
        directory:
          kind: ldap
          url: "\(ldap.url)"
          user_filter: "(&(objectClass=inetOrgPerson)(cn={login}))"
          cache_ttl: "1s"
          negative_cache_ttl: "1s"
          timeout: "1s"
        policy:
          - group: alice-aurora-mesostest
            allow: [read, "job.*"]
            on: ["build/mesostest/*/*"]
          - group: alice-aurora-users
            allow: [read]
            on: ["build/*/*/*"]
        \(ProductionTests.openLimits)

        """.utf8).write(to: URL(fileURLWithPath: config))
        return config
    }

    /// What the identity soaks start from: a private KDC and slapd, a scheduler that demands SPNEGO for writes, the
    /// config (`identityConfig`) in a fresh directory, and tokens for alice (may create) and bob (may only read).
    struct IdentityRig {
        let kdc: TestKDC
        let ldap: TestSLAPD
        let sim: Harness.Server
        let dir: URL
        let config: String
        let alice: String
        let bob: String

        static func start(_ name: String) async throws -> IdentityRig {
            let kdc = try TestKDC.startPrivate()
            let ldap: TestSLAPD
            do { ldap = try TestSLAPD.startPrivate() } catch { kdc.stop(); throw error }
            let sim: Harness.Server
            do { sim = try await Harness.simulator(kdc: kdc, extra: ["--step-ms", "50"]) } catch { ldap.stop(); kdc.stop(); throw error }
            do {
                let dir = RepoPaths.temporaryDirectory(name)
                let config = try Soaks.identityConfig(in: dir, kdc: kdc, ldap: ldap, sim: sim)
                return IdentityRig(kdc: kdc, ldap: ldap, sim: sim, dir: dir, config: config,
                                   alice: try await Soaks.token("alice", config: config, kdc: kdc),
                                   bob: try await Soaks.token("bob", config: config, kdc: kdc))
            } catch {
                _ = sim.process.stop(); ldap.stop(); kdc.stop()
                throw error
            }
        }

        /// Stops the scheduler, slapd and the KDC (each may already be stopped).
        func stop() {
            _ = sim.process.stop()
            ldap.stop()
            kdc.stop()
        }
    }

    /// `aurora-gateway token create` for `owner` on `config`, with the KDC's environment.
    static func token(_ owner: String, config: String, kdc: TestKDC) async throws -> String {
        let made = try await ProcessRunner.run(RepoPaths.gatewayBinary, ["token", "create", "--config", config, "--owner", owner],
                                               environment: kdc.environment)
        #expect(made.status == 0, "\(made.stderr)")
        return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
