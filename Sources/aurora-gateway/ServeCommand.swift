import ArgumentParser
import GatewayCore
import GatewayServer
import Hummingbird

/// `aurora-gateway serve --config FILE`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the gateway until SIGTERM or SIGINT, then drain and exit 0.")

    @Option(name: .long, help: "The gateway's YAML configuration file.")
    var config: String

    func run() async throws {
        let loaded = try loadConfig(config)
        let logger = LoggingSetup.bootstrap(level: loaded.logLevel)
        let parts: GatewayParts
        do { parts = try GatewayParts.live(config: loaded, logger: logger) } catch {
            printError("aurora-gateway: \(error)")
            if case .configuration = error { throw ExitCode(2) }
            throw ExitCode(1)
        }
        if let credential = parts.credential {
            do { try await credential.acquire() } catch {
                // Serve anyway: /readyz reports it and the refresher keeps trying.
                logger.error("kerberos.acquire failed", metadata: ["error": "\(error)"])
            }
        }
        let app = try buildApplication(config: loaded, parts: parts, logger: logger) { url in
            printLine("aurora-gateway listening on \(url)")
        }
        do {
            try await app.runService()
        } catch {
            printError("aurora-gateway: serving on listen \(loaded.listen) failed (\(error)): choose a free address and port for listen")
            throw ExitCode(1)
        }
    }
}

/// Loads the config or exits 2 with one sentence naming the key.
func loadConfig(_ path: String) throws -> GatewayConfig {
    do {
        return try GatewayConfig.load(path: path)
    } catch {
        printError("aurora-gateway: configuration error: \(error)")
        throw ExitCode(2)
    }
}
