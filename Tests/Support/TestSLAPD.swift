import Foundation

/// The throwaway slapd of `scripts/test-slapd.sh` (xldap-shaped DIT), started once per test process
/// (or reused from `AGW_TEST_LDAP_DIR`).
public struct TestSLAPD: Sendable {
    /// `ldap://127.0.0.1:<port>`.
    public let url: String
    /// The rootdn, for changing the DIT in tests.
    public let adminDN: String
    /// The file holding the rootdn's password.
    public let passwordFile: String

    private static let started = Task<TestSLAPD, any Error> { try start() }

    /// The shared server; the first caller starts it.
    public static func shared() async throws -> TestSLAPD { try await started.value }

    /// The folder of a private server (nil for the shared one).
    public var directory: String? = nil

    /// A slapd of its own (same DIT, its own port) for a test that stops it; stop it with `stop()`.
    public static func startPrivate() throws -> TestSLAPD {
        let directory = RepoPaths.temporaryDirectory("agw-ldap-private").path
        let command = "/bin/bash '\(RepoPaths.script("test-slapd.sh"))' start '\(directory)' --watch \(getpid()) >'\(directory)/start.log' 2>&1"
        guard system(command) == 0 else {
            throw TestSupportError("scripts/test-slapd.sh failed: \((try? String(contentsOfFile: "\(directory)/start.log", encoding: .utf8)) ?? "")")
        }
        var server = try load(directory)
        server.directory = directory
        return server
    }

    /// Stops a private server (the directory going away while the gateway runs).
    public func stop() {
        guard let directory else { return }
        _ = system("/bin/bash '\(RepoPaths.script("test-slapd.sh"))' stop '\(directory)' >/dev/null 2>&1")
    }

    /// Starts a private server again after `stop()`: same port, same data (the directory coming back).
    public func resume() throws {
        guard let directory else { return }
        let command = "/bin/bash '\(RepoPaths.script("test-slapd.sh"))' resume '\(directory)' --watch \(getpid()) >'\(directory)/resume.log' 2>&1"
        guard system(command) == 0 else {
            throw TestSupportError("scripts/test-slapd.sh resume failed: \((try? String(contentsOfFile: "\(directory)/resume.log", encoding: .utf8)) ?? "")")
        }
    }

    private static func start() throws -> TestSLAPD {
        var directory = ProcessInfo.processInfo.environment["AGW_TEST_LDAP_DIR"] ?? ""
        if directory.isEmpty || !FileManager.default.fileExists(atPath: "\(directory)/env.sh") {
            directory = RepoPaths.temporaryDirectory("agw-ldap").path
            let command = "/bin/bash '\(RepoPaths.script("test-slapd.sh"))' start '\(directory)' --watch \(getpid()) >'\(directory)/start.log' 2>&1"
            guard system(command) == 0 else {
                let text = (try? String(contentsOfFile: "\(directory)/start.log", encoding: .utf8)) ?? ""
                throw TestSupportError("scripts/test-slapd.sh failed: \(text)")
            }
        }
        return try load(directory)
    }

    private static func load(_ directory: String) throws -> TestSLAPD {
        var environment: [String: String] = [:]
        let text = try String(contentsOfFile: "\(directory)/env.sh", encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
        }
        return TestSLAPD(url: environment["AGW_TEST_LDAP_URL"] ?? "", adminDN: environment["AGW_TEST_LDAP_ADMIN_DN"] ?? "",
                         passwordFile: environment["AGW_TEST_LDAP_PASSWORD_FILE"] ?? "")
    }

    /// Applies an LDIF change with `ldapmodify` as the rootdn.
    public func modify(_ ldif: String) async throws {
        let file = RepoPaths.temporaryDirectory("agw-ldif").appendingPathComponent("change.ldif")
        try Data(ldif.utf8).write(to: file)
        let result = try await ProcessRunner.run("/usr/bin/ldapmodify", ["-x", "-H", url, "-D", adminDN, "-y", passwordFile, "-f", file.path])
        guard result.status == 0 else { throw TestSupportError("ldapmodify failed: \(result.stderr)") }
    }
}
