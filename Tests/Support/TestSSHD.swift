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
        var directory = ProcessInfo.processInfo.environment["AGW_TEST_SSHD_DIR"] ?? ""
        if directory.isEmpty || !FileManager.default.fileExists(atPath: "\(directory)/env.sh") {
            directory = RepoPaths.temporaryDirectory("agw-sshd").path
            let command = "/bin/bash '\(RepoPaths.script("test-sshd.sh"))' start '\(directory)' --watch \(getpid()) >'\(directory)/start.log' 2>&1"
            guard system(command) == 0 else {
                throw TestSupportError("scripts/test-sshd.sh failed: \((try? String(contentsOfFile: "\(directory)/start.log", encoding: .utf8)) ?? "")")
            }
        }
        var environment: [String: String] = [:]
        for line in try String(contentsOfFile: "\(directory)/env.sh", encoding: .utf8).split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
        }
        return TestSSHD(directory: directory, port: Int(environment["AGW_TEST_SSHD_PORT"] ?? "") ?? 0, user: environment["AGW_TEST_SSHD_USER"] ?? "root")
    }
}
