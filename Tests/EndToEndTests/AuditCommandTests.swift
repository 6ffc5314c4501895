import Foundation
import TestSupport
import Testing

@Suite("aurora-gateway audit query|verify|export, and the CLI's own token changes audited")
struct AuditCommandTests {
    func config() throws -> (path: String, dataDir: String) {
        let dir = RepoPaths.temporaryDirectory("agw-audit-cli")
        let yaml = "data_dir: \"\(dir.path)/data\"\n"
        let path = dir.appendingPathComponent("gateway.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return (path, dir.path + "/data")
    }

    func run(_ arguments: [String]) async throws -> ProcessResult {
        try await ProcessRunner.run(RepoPaths.gatewayBinary, arguments)
    }

    @Test("token create and revoke leave decided and completed records; verify, query and export read them")
    func cliTrail() async throws {
        let (config, dataDir) = try config()
        let created = try await run(["token", "create", "--config", config, "--owner", "alice", "--name", "laptop"])
        #expect(created.status == 0, "\(created.stderr)")
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let listed = try await run(["token", "list", "--config", config, "--json"])
        let id = try #require((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first?["id"] as? String)
        #expect(try await run(["token", "revoke", "--config", config, id]).status == 0)

        let verified = try await run(["audit", "verify", "--config", config])
        #expect(verified.status == 0)
        #expect(verified.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok 4 records")

        let query = try await run(["audit", "query", "--config", config, "--action", "tokens.*", "--json"])
        #expect(query.status == 0)
        let lines = query.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 4)
        #expect(lines.map { $0["action"] as? String } == ["tokens.revoke", "tokens.revoke", "tokens.create", "tokens.create"])
        #expect(lines.allSatisfy { ($0["actor"] as? String)?.hasPrefix("cli:") == true && $0["auth_kind"] as? String == "cli" })
        #expect(!query.stdout.contains(secret))

        let people = try await run(["audit", "query", "--config", config])
        #expect(people.stdout.split(separator: "\n").count == 4)
        #expect(people.stdout.contains("tokens.create"))

        let export = try await run(["audit", "export", "--config", config])
        let exported = export.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(exported.map { $0["seq"] as? Int } == [1, 2, 3, 4])
        #expect(!export.stdout.contains(secret))
        let since = try await run(["audit", "export", "--config", config, "--since", "2999-01-01T00:00:00Z"])
        #expect(since.status == 0 && since.stdout.isEmpty)
        #expect(try await run(["audit", "export", "--config", config, "--since", "yesterday"]).status == 2)

        let sqlite = try await ProcessRunner.run("/usr/bin/sqlite3", [dataDir + "/gateway.sqlite",
            "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 2;"])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        let broken = try await run(["audit", "verify", "--config", config])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("record seq 2"))
        #expect(broken.stderr.contains("altered"))
    }
}
