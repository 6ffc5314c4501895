import Foundation

/// The throwaway MIT KDC of `scripts/test-kdc.sh`, started once per test process
/// (or reused from `AGW_TEST_KDC_DIR` when the test command started one).
public struct TestKDC: Sendable {
    /// The folder holding krb5.conf, keytabs and the KDC's pid file.
    public let directory: String
    /// The realm (`AGW.TEST`).
    public let realm: String
    /// The variables of `env.sh` (KRB5_CONFIG, KRB5RCACHENAME, …) for child processes.
    public let environment: [String: String]

    /// A keytab in the KDC folder, e.g. `gateway.keytab`.
    public func keytab(_ name: String) -> String { "\(directory)/\(name)" }
    /// The gateway's principal.
    public var gatewayPrincipal: String { "aurora-gw/localhost@\(realm)" }

    private static let started = Task<TestKDC, any Error> { try start() }

    /// The shared KDC; the first caller starts it and points this process's Kerberos library at it.
    public static func shared() async throws -> TestKDC { try await started.value }

    /// A KDC of its own (same realm, its own port and keytabs) for a test that stops it; stop it with `stop()`.
    public static func startPrivate() throws -> TestKDC {
        let directory = RepoPaths.temporaryDirectory("agw-kdc-private").path
        let command = "/bin/bash '\(RepoPaths.script("test-kdc.sh"))' start '\(directory)' --watch \(getpid()) >'\(directory)/start.log' 2>&1"
        guard system(command) == 0 else {
            throw TestSupportError("scripts/test-kdc.sh failed: \((try? String(contentsOfFile: "\(directory)/start.log", encoding: .utf8)) ?? "")")
        }
        return try load(directory)
    }

    /// Stops this KDC (the point of a private one: the KDC going away while the gateway runs).
    public func stop() {
        _ = system("/bin/bash '\(RepoPaths.script("test-kdc.sh"))' stop '\(directory)' >/dev/null 2>&1")
    }

    /// Starts this KDC again after `stop()`: same port, same keys (the KDC coming back).
    public func resume() throws {
        let command = "/bin/bash '\(RepoPaths.script("test-kdc.sh"))' resume '\(directory)' --watch \(getpid()) >'\(directory)/resume.log' 2>&1"
        guard system(command) == 0 else {
            throw TestSupportError("scripts/test-kdc.sh resume failed: \((try? String(contentsOfFile: "\(directory)/resume.log", encoding: .utf8)) ?? "")")
        }
    }

    private static func load(_ directory: String) throws -> TestKDC {
        var environment: [String: String] = [:]
        let text = try String(contentsOfFile: "\(directory)/env.sh", encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
        }
        return TestKDC(directory: directory, realm: environment["AGW_TEST_REALM"] ?? "AGW.TEST", environment: environment)
    }

    private static func start() throws -> TestKDC {
        var directory = ProcessInfo.processInfo.environment["AGW_TEST_KDC_DIR"] ?? ""
        if directory.isEmpty || !FileManager.default.fileExists(atPath: "\(directory)/env.sh") {
            directory = RepoPaths.temporaryDirectory("agw-kdc").path
            // system() rather than Foundation's Process: the script leaves the KDC running in the background.
            let command = "/bin/bash '\(RepoPaths.script("test-kdc.sh"))' start '\(directory)' --watch \(getpid()) >'\(directory)/start.log' 2>&1"
            guard system(command) == 0 else {
                let text = (try? String(contentsOfFile: "\(directory)/start.log", encoding: .utf8)) ?? ""
                throw TestSupportError("scripts/test-kdc.sh failed: \(text)")
            }
        }
        var environment: [String: String] = [:]
        let text = try String(contentsOfFile: "\(directory)/env.sh", encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
        }
        for key in ["KRB5_CONFIG", "KRB5RCACHENAME", "KRB5CCNAME"] {
            if let value = environment[key] { setenv(key, value, 1) }
        }
        return TestKDC(directory: directory, realm: environment["AGW_TEST_REALM"] ?? "AGW.TEST", environment: environment)
    }
}

/// A failure in the test harness itself.
public struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
