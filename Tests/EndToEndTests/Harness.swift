import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// Runs the built `aurora-gateway` binary and its peers (simulator, Java scheduler) as real processes.
enum Harness {
    /// A server process and the base URL it printed.
    struct Server {
        let process: BackgroundProcess
        let url: String
        var port: Int { Int(url.split(separator: ":").last ?? "0") ?? 0 }
    }

    /// `aurora-gateway simulate` on a free port; with a keytab it demands SPNEGO.
    static func simulator(keytab: String? = nil, principal: String? = nil, redirectTo: String? = nil, cluster: String = "build") async throws -> Server {
        let kdc = try await TestKDC.shared()
        var arguments = ["simulate", "--port", "0", "--cluster", cluster]
        if let keytab { arguments += ["--keytab", kdc.keytab(keytab)] }
        if let principal { arguments += ["--principal", principal] }
        if let redirectTo { arguments += ["--redirect-to", redirectTo] }
        return try await start(RepoPaths.gatewayBinary, arguments, environment: kdc.environment, marker: "listening on http://")
    }

    /// `aurora-gateway simulate` demanding SPNEGO for `HTTP/localhost` with a keytab from `kdc` (e.g. a private one).
    static func simulator(kdc: TestKDC, extra: [String] = []) async throws -> Server {
        try await start(RepoPaths.gatewayBinary, ["simulate", "--port", "0", "--cluster", "build", "--keytab", kdc.keytab("http-localhost.keytab"),
                                                  "--principal", "HTTP/localhost@\(kdc.realm)"] + extra,
                        environment: kdc.environment, marker: "listening on http://")
    }

    /// The Java reference scheduler (Apache Thrift's Java TJSON/TBinary, JGSS).
    static func javaScheduler(keytab: String? = nil, principal: String? = nil, redirectTo: String? = nil) async throws -> Server {
        let kdc = try await TestKDC.shared()
        var arguments = ["--port", "0", "--cluster", "build"]
        if let keytab { arguments += ["--keytab", kdc.keytab(keytab)] }
        if let principal { arguments += ["--principal", principal] }
        if let redirectTo { arguments += ["--redirect-to", redirectTo] }
        return try await start(RepoPaths.script("java-scheduler.sh"), arguments, environment: kdc.environment, marker: "listening on http://", timeout: 60)
    }

    /// `aurora-gateway serve --config FILE`.
    /// Writes a gateway config in `dir` for one UNAUTHENTICATED cluster `build` at `simulator`, a static directory of
    /// `users`, and `extra` top-level YAML; returns its path.
    static func writeConfig(in dir: URL, simulator: Server, users: [String: [String]], extra: String = "") throws -> String {
        let path = dir.appendingPathComponent("gateway.yaml").path
        let userLines = users.sorted { $0.key < $1.key }.map { "    \($0.key): [\($0.value.joined(separator: ", "))]" }.joined(separator: "\n")
        try Data("""
        listen: "127.0.0.1:0"
        data_dir: "\(dir.path)/data"
        clusters:
          - name: build
            scheduler_uri: "\(simulator.url)"
            auth_mechanism: UNAUTHENTICATED
        directory:
          kind: static
          users:
        \(userLines)
        \(extra)
        """.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func serve(config: String) async throws -> Server {
        let kdc = try await TestKDC.shared()
        return try await start(RepoPaths.gatewayBinary, ["serve", "--config", config], environment: kdc.environment, marker: "listening on http://")
    }

    static func start(_ executable: String, _ arguments: [String], environment: [String: String], marker: String,
                      timeout: TimeInterval = 30) async throws -> Server {
        let process = try BackgroundProcess(executable, arguments, environment: environment)
        guard await process.waitForLog(marker, timeout: timeout) else {
            throw TestSupportError("\(executable) \(arguments.joined(separator: " ")) did not start: \(process.log)")
        }
        let line = process.log.split(separator: "\n").first { $0.contains(marker) } ?? ""
        guard let range = line.range(of: "http://") else { throw TestSupportError("no URL in \(line)") }
        let url = line[range.lowerBound...].split(separator: " ").first.map(String.init) ?? ""
        return Server(process: process, url: url)
    }

    /// `aurora-gateway check --config FILE`.
    static func check(config: String) async throws -> ProcessResult {
        let kdc = try await TestKDC.shared()
        return try await ProcessRunner.run(RepoPaths.gatewayBinary, ["check", "--config", config], environment: kdc.environment)
    }

    /// Writes a gateway config with one cluster and a fresh data_dir; returns its path.
    static func config(cluster uri: String, principal: String? = nil, keytab: String = "gateway.keytab",
                       servicePrincipal: String? = nil, protocolName: String = "json", renewBefore: String = "15m",
                       auth: String = "KERBEROS") async throws -> String {
        let kdc = try await TestKDC.shared()
        let dir = RepoPaths.temporaryDirectory("agw-e2e")
        var yaml = """
        listen: "127.0.0.1:0"
        data_dir: "\(dir.path)/data"
        kerberos:
          principal: "\(principal ?? kdc.gatewayPrincipal)"
          keytab: "\(kdc.keytab(keytab))"
          renew_before: "\(renewBefore)"
        clusters:
          - name: build
            scheduler_uri: "\(uri)"
            auth_mechanism: \(auth)
            protocol: \(protocolName)
            timeout: "5s"
            retry_deadline: "2s"

        """
        if let servicePrincipal { yaml += "    service_principal: \"\(servicePrincipal)\"\n" }
        yaml += "directory:\n  kind: static\n  users:\n    alice: [alice-aurora-users]\n"
        let path = dir.appendingPathComponent("gateway.yaml").path
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A plain GET (status and body).
    static func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
