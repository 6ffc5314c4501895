import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

@Suite("aurora-gateway token create|list|revoke on the database")
struct TokenCommandTests {
    func config() throws -> (path: String, dataDir: String) {
        let dir = RepoPaths.temporaryDirectory("agw-token")
        let yaml = """
        data_dir: "\(dir.path)/data"
        service_accounts:
          ci-bot:
            groups: [alice-aurora-mesostest]
        """
        let path = dir.appendingPathComponent("gateway.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return (path, dir.path + "/data")
    }

    func run(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(RepoPaths.gatewayBinary, arguments)
    }

    @Test("create prints only the secret; list shows public fields; the database holds neither secret nor pepper; revoke sticks")
    func lifecycle() async throws {
        let (config, dataDir) = try config()
        let created = try await run(["token", "create", "--config", config, "--owner", "alice", "--name", "laptop",
                                     "--scope", "job.*,update.*@build/mesostest/*/*", "--expires-in", "30"])
        #expect(created.status == 0, "\(created.stderr)")
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("agwu_") && secret.count == 43)
        #expect(created.stderr.contains("shown only once"))
        #expect(!created.stderr.contains(secret))

        let service = try await run(["token", "create", "--config", config, "--owner", "ci-bot", "--service"])
        #expect(service.status == 0)
        #expect(service.stdout.hasPrefix("agws_"))

        let listed = try await run(["token", "list", "--config", config, "--owner", "alice", "--json"])
        #expect(listed.status == 0)
        #expect(!listed.stdout.contains(secret))
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 1)
        let token = objects[0]
        #expect(Set(token.keys) == ["id", "name", "owner", "kind", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"])
        #expect(token["owner"] as? String == "alice")
        #expect(token["kind"] as? String == "user")
        #expect(token["revoked_at"] is NSNull)
        let id = try #require(token["id"] as? String)

        let database = try Data(contentsOf: URL(fileURLWithPath: dataDir + "/gateway.sqlite"))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: dataDir + "/gateway.sqlite-wal"))) ?? Data()
        let pepper = try Data(contentsOf: URL(fileURLWithPath: dataDir + "/token-pepper"))
        for blob in [database, wal] {
            #expect(blob.range(of: Data(secret.utf8)) == nil)
            #expect(blob.range(of: pepper) == nil)
        }

        let revoked = try await run(["token", "revoke", "--config", config, id])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try await run(["token", "list", "--config", config, "--json"])
        let all = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])
        #expect(all.first { $0["id"] as? String == id }?["revoked_at"] is String)
    }

    @Test("an unknown service account is exit 2; an unknown id is exit 1; a bad scope is exit 2")
    func errors() async throws {
        let (config, _) = try config()
        let service = try await run(["token", "create", "--config", config, "--owner", "nobody", "--service"])
        #expect(service.status == 2)
        #expect(service.stderr.contains("nobody"))
        #expect(service.stderr.contains("ci-bot"))
        let revoke = try await run(["token", "revoke", "--config", config, "tk_doesnotexist"])
        #expect(revoke.status == 1)
        #expect(revoke.stderr.contains("tk_doesnotexist"))
        let scope = try await run(["token", "create", "--config", config, "--owner", "alice", "--scope", "job.*@build/x"])
        #expect(scope.status == 2)
        #expect(scope.stderr.contains("--scope"))
        let days = try await run(["token", "create", "--config", config, "--owner", "alice", "--expires-in", "400"])
        #expect(days.status == 2)
    }

    @Test("a token revoked with the CLI is refused by an already running gateway on its very next request", .timeLimit(.minutes(2)))
    func revocationReachesRunningGateway() async throws {
        let sim = try await Harness.simulator()
        defer { _ = sim.process.stop() }
        let dir = RepoPaths.temporaryDirectory("agw-token-live")
        let config = try Harness.writeConfig(in: dir, simulator: sim, users: ["alice": ["mesostest"]])
        let created = try await run(["token", "create", "--config", config, "--owner", "alice"])
        #expect(created.status == 0, "\(created.stderr)")
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let gateway = try await Harness.serve(config: config)
        defer { _ = gateway.process.stop() }
        func me() async throws -> Int {
            var request = URLRequest(url: URL(string: "\(gateway.url)/v1/me")!)
            request.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }
        // Twice: the second answer comes from the gateway's token cache.
        #expect(try await me() == 200)
        #expect(try await me() == 200)
        let listed = try await run(["token", "list", "--config", config, "--json"])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let id = try #require(objects.first?["id"] as? String)
        #expect(try await run(["token", "revoke", "--config", config, id]).status == 0)
        #expect(try await me() == 401)
    }
}
