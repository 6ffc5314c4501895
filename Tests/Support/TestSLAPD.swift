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
        let directory = try TestDaemon.startPrivate("test-slapd.sh", prefix: "agw-ldap-private")
        var server = try load(directory)
        server.directory = directory
        return server
    }

    /// Stops a private server (the directory going away while the gateway runs).
    public func stop() {
        guard let directory else { return }
        try? TestDaemon.run("test-slapd.sh", "stop", in: directory)
    }

    /// Starts a private server again after `stop()`: same port, same data (the directory coming back).
    public func resume() throws {
        guard let directory else { return }
        try TestDaemon.run("test-slapd.sh", "resume", in: directory)
    }

    private static func start() throws -> TestSLAPD {
        try load(TestDaemon.reuseOrStart("test-slapd.sh", variable: "AGW_TEST_LDAP_DIR", prefix: "agw-ldap"))
    }

    private static func load(_ directory: String) throws -> TestSLAPD {
        let environment = try TestDaemon.exports(directory)
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
