import Foundation

/// The throwaway sshd of `scripts/test-sshd.sh` (loopback, its own host key, logging in the user the tests run as),
/// started once per test process (or reused from `AGW_TEST_SSHD_DIR`).
public struct TestSSHD: Sendable {
    /// The folder with the keys, known_hosts variants, `sshd.log` and the `mesos` agent tree.
    public let directory: String
    /// The port sshd listens on at 127.0.0.1.
    public let port: Int
    /// The account sshd logs in (the user running the tests): the role of the test jobs.
    public let user: String

    private static let started = Task<TestSSHD, any Error> { try start() }

    /// The shared server; the first caller starts it.
    public static func shared() async throws -> TestSSHD { try await started.value }

    /// A file in the server's folder (`client_ed25519`, `known_hosts.wrong`, …).
    public func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// The Mesos agent work directory (`slave_root`) whose sandboxes the tests lay out.
    public var slaveRoot: String { path("mesos") }

    /// Lays out `<slave_root>/slaves/S0/frameworks/F0/executors/thermos-<taskID>/runs/latest/sandbox` and returns it.
    public func makeSandbox(taskID: String) throws -> String {
        let sandbox = "\(slaveRoot)/slaves/S0/frameworks/F0/executors/thermos-\(taskID)/runs/latest/sandbox"
        try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
        return sandbox
    }

    private static func start() throws -> TestSSHD {
        let directory = try TestDaemon.reuseOrStart("test-sshd.sh", variable: "AGW_TEST_SSHD_DIR", prefix: "agw-sshd")
        let environment = try TestDaemon.exports(directory)
        return TestSSHD(directory: directory, port: Int(environment["AGW_TEST_SSHD_PORT"] ?? "") ?? 0, user: environment["AGW_TEST_SSHD_USER"] ?? "root")
    }
}
