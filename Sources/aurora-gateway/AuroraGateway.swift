import ArgumentParser
import Foundation

/// `aurora-gateway`: the REST/JSON-RPC/webhook gateway to Apache Aurora schedulers.
@main
struct AuroraGateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aurora-gateway",
        abstract: "A gateway to Apache Aurora schedulers: API tokens in, Kerberos out, every call audited.",
        subcommands: [ServeCommand.self, DevCommand.self, SimulateCommand.self, CheckCommand.self, TokenCommand.self, AuditCommand.self])

    /// Runs the command; usage errors exit 2 (the contract), not ArgumentParser's 64. The process ends with
    /// `_exit` once output is flushed, so C libraries' exit-time finalizers cannot race threads still parked in them.
    static func main() async {
        var code: Int32 = 0
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let exitCode = exitCode(for: error)
            code = exitCode == .validationFailure ? 2 : exitCode.rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if exitCode == .success { printLine(message) } else { printError(message) }
            }
        }
        fflush(nil)
        _exit(code)
    }
}

/// Writes one line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes one line to standard output and flushes it (scripts and tests wait for these lines).
func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
