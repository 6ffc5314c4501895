import ArgumentParser
import AuroraSimulator
import Foundation
import GatewayCore
import GatewayServer
import GatewayStore
import Hummingbird
import SchedulerClient

/// `aurora-gateway dev`: try it now, with an embedded scheduler simulator and no Kerberos.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Run the gateway against an embedded Aurora simulator with a fresh database; no Kerberos needed.")

    @Option(help: "Port for the gateway (0 = any free port).") var port: Int = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
    }

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: "info", format: .text)
        var simulated = SimulatorConfiguration()
        simulated.validatesExecutorData = true
        let simulator = try await SimulatorServer.start(simulated, logger: logger)
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("aurora-gateway-dev-\(getpid())").path
        let config = GatewayConfig(
            listen: ListenAddress(host: "127.0.0.1", port: port), dataDir: dataDir,
            clusters: [ClusterConfig(name: "devcluster", schedulerURI: simulator.baseURL, authMechanism: .unauthenticated,
                                     slaveRoot: "/var/lib/mesos", slaveRunDirectory: "latest")],
            directory: DirectoryConfig(users: ["admin": ["aurora-admins"]]), adminGroups: ["aurora-admins"],
            policy: [PolicyRule(group: "aurora-admins", allow: ["*"], on: ["*/*/*/*"])])
        let parts: GatewayParts
        do { parts = try GatewayParts.live(config: config, logger: logger) } catch {
            printError("aurora-gateway: \(error)")
            throw ExitCode(1)
        }
        printLine("aurora simulator (cluster devcluster) on \(simulator.baseURL); database in \(dataDir)")
        let (record, secret) = try await TokenIssuer(store: parts.tokens, hasher: parts.hasher)
            .issue(owner: "admin", kind: .user, name: "dev-admin", scopes: [], expiresInDays: 1)
        let app = try buildApplication(config: config, parts: parts, logger: logger) { url in
            printLine("admin token (\(record.id), user admin in group aurora-admins, expires in 1 day):")
            printLine("  export AURORA_GATEWAY_TOKEN=\(secret.text)")
            printLine("try it:")
            printLine("  curl -H \"Authorization: Bearer $AURORA_GATEWAY_TOKEN\" -H 'Content-Type: application/json' \\")
            printLine("    -d '{\"resources\":{\"cpu\":0.1,\"ram_mb\":64,\"disk_mb\":64},\"processes\":[{\"name\":\"hello\",\"cmdline\":\"echo hello; sleep 600\"}]}' \\")
            printLine("    \(url)/v1/clusters/devcluster/jobs/www-data/devel/hello")
            printLine("  curl -H \"Authorization: Bearer $AURORA_GATEWAY_TOKEN\" -H 'Content-Type: application/json' \\")
            printLine("    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks.list\",\"params\":{\"cluster\":\"devcluster\",\"role\":\"www-data\",\"env\":\"devel\",\"name\":\"hello\"}}' \\")
            printLine("    \(url)/v1/rpc")
            printLine("API: \(url)/docs (spec: \(url)/openapi.yaml)")
            printLine("aurora-gateway (dev) listening on \(url)")
        }
        try await app.runService()
        await simulator.shutdown()
        // A dev database is throwaway: nothing of it outlives the session.
        (parts.audit as? SQLiteAuditLog)?.flush()
        try? FileManager.default.removeItem(atPath: dataDir)
    }
}
