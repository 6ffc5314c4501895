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
        try load(TestDaemon.startPrivate("test-kdc.sh", prefix: "agw-kdc-private"))
    }

    /// Stops this KDC (the point of a private one: the KDC going away while the gateway runs).
    public func stop() {
        try? TestDaemon.run("test-kdc.sh", "stop", in: directory)
    }

    /// Starts this KDC again after `stop()`: same port, same keys (the KDC coming back).
    public func resume() throws {
        try TestDaemon.run("test-kdc.sh", "resume", in: directory)
    }

    private static func load(_ directory: String) throws -> TestKDC {
        let environment = try TestDaemon.exports(directory)
        return TestKDC(directory: directory, realm: environment["AGW_TEST_REALM"] ?? "AGW.TEST", environment: environment)
    }

    private static func start() throws -> TestKDC {
        let kdc = try load(TestDaemon.reuseOrStart("test-kdc.sh", variable: "AGW_TEST_KDC_DIR", prefix: "agw-kdc"))
        for key in ["KRB5_CONFIG", "KRB5RCACHENAME", "KRB5CCNAME"] {
            if let value = kdc.environment[key] { setenv(key, value, 1) }
        }
        return kdc
    }
}

/// A failure in the test harness itself.
public struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
