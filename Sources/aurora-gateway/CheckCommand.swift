import ArgumentParser
import GatewayCore
import GatewayServer

/// `aurora-gateway check --config FILE`: everything `serve` needs, one line per check.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check config, keytab and ticket, every cluster, the database and the directory; exit 0 only if all pass.")

    @Option(name: .long, help: "The gateway's YAML configuration file.")
    var config: String

    func run() async throws {
        let loaded: GatewayConfig
        do { loaded = try GatewayConfig.load(path: config) } catch {
            printLine("FAIL config: \(error)")
            throw ExitCode(2)
        }
        printLine("ok   config: \(config): \(loaded.clusters.count) cluster(s) \(loaded.clusters.map(\.name).joined(separator: ", ")), directory \(loaded.directory.kind)")
        let logger = LoggingSetup.bootstrap(level: "critical")
        switch await Preflight.run(config: loaded, logger: logger, report: { printLine($0.text) }) {
        case .passed: return
        case .failed: throw ExitCode(1)
        case .misconfigured: throw ExitCode(2)
        }
    }
}
