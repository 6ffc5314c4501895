import ArgumentParser
import AuroraSimulator
import Logging

/// `aurora-gateway simulate`: the Aurora scheduler simulator on its own (tests, benchmarks, demos).
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Run the Aurora scheduler simulator, serving /api in TJSON and TBinary.")

    @Option(help: "Port to listen on (0 = any free port).") var port: Int = 8081
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "The cluster name the scheduler reports.") var cluster: String = "devcluster"
    @Option(help: "A keytab holding the scheduler's HTTP/ principal: SPNEGO is then required for writes.") var keytab: String?
    @Option(help: "The scheduler's principal in the keytab, e.g. HTTP/host@REALM (default: any key in the keytab).") var principal: String?
    @Option(name: .customLong("redirect-to"), help: "Act as a non-leader: answer every /api call with 307 to this scheduler URL.") var redirectTo: String?
    @Option(name: .customLong("step-ms"), help: "Milliseconds per automatic task transition.") var stepMilliseconds: Int = 200
    @Option(name: .customLong("agent-host"), help: "An agent host name tasks are placed on (repeat for several; default agent1.local and agent2.local).")
    var agentHosts: [String] = []

    func validate() throws {
        if principal != nil && keytab == nil { throw ValidationError("--principal needs --keytab") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
    }

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: "info")
        var configuration = SimulatorConfiguration()
        configuration.validatesExecutorData = true
        configuration.clusterName = cluster
        configuration.host = host
        configuration.port = port
        configuration.redirectTo = redirectTo
        configuration.taskStepInterval = .milliseconds(stepMilliseconds)
        if !agentHosts.isEmpty { configuration.hosts = agentHosts }
        if let keytab { configuration.spnego = SimulatorConfiguration.SPNEGO(keytab: keytab, principal: principal) }
        try await SimulatorServer.run(configuration, logger: logger) { url in
            printLine("aurora simulator (cluster \(cluster)) listening on \(url)")
        }
    }
}
