import ArgumentParser
import GatewayCore
import GatewayServer
import GatewayStore
import Hummingbird
import ServiceLifecycle
import Synchronization

/// `aurora-gateway serve --config FILE`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the gateway until SIGTERM or SIGINT, then drain and exit 0.")

    @Option(name: .long, help: "The gateway's YAML configuration file.")
    var config: String

    func run() async throws {
        let loaded = try loadConfig(config)
        let logger = LoggingSetup.bootstrap(level: loaded.logLevel, format: loaded.production.logFormat)
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
        let app: any ApplicationProtocol
        let listening = Atomic<Bool>(false)
        do {
            app = try buildApplication(config: loaded, parts: parts, logger: logger, configPath: config) { url in
                listening.store(true, ordering: .relaxed)
                printLine("aurora-gateway listening on \(url)")
            }
        } catch {
            printError("aurora-gateway: configuration error: \(error)")
            throw ExitCode(2)
        }
        // SIGTERM/SIGINT: stop accepting, let in-flight requests finish for up to shutdown_timeout, then cancel.
        var group = ServiceGroupConfiguration(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = loaded.production.shutdownTimeout
        do {
            try await ServiceGroup(configuration: group).run()
        } catch {
            // Whatever was answered has its records; wait for any still queued before leaving.
            (parts.audit as? SQLiteAuditLog)?.flush()
            guard listening.load(ordering: .relaxed) else {
                printError("aurora-gateway: serving on listen \(loaded.listen) failed (\(error)): choose a free address and port for listen")
                throw ExitCode(1)
            }
            logger.error("serve ended with an error; requests still running after shutdown_timeout were cancelled, the audit log is flushed",
                         metadata: ["error": .string("\(error)")])
            throw ExitCode(1)
        }
        // Every request that was answered has its records committed already; this waits for any still queued.
        (parts.audit as? SQLiteAuditLog)?.flush()
        logger.notice("shutdown complete: in-flight requests drained, audit log flushed")
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
