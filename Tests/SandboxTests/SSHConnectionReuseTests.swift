import Foundation
import GatewayCore
import Sandbox
import TestSupport
import Testing

/// Kept SSH connections against a real sshd: which connection ran a command is read on the agent, from the shell's
/// parent process (sshd's per-connection process).
@Suite("kept SSH connections: one per agent and user, a session per command, closed when idle or dropped")
struct SSHConnectionReuseTests {
    static func runner(_ sshd: TestSSHD, idle: Duration) throws -> SSHSandboxRunner {
        try SSHSandboxRunner(settings: SandboxSettings(sshKey: sshd.path("client_ed25519"), knownHosts: sshd.path("known_hosts"),
                                                       sshPort: sshd.port, connectionIdleTimeout: idle))
    }

    /// Runs `command` and returns its stdout lines; the last line is sshd's per-connection process id.
    static func run(_ runner: SSHSandboxRunner, _ sshd: TestSSHD, _ command: String = "true") async throws -> (lines: [String], connection: String) {
        let result = try await runner.run("\(command); echo $PPID", host: "127.0.0.1", user: sshd.user, timeout: .seconds(20), maxOutputBytes: 4096)
        #expect(result.exitStatus == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        return (lines, lines.last ?? "")
    }

    @Test("commands as the same user share one connection, each in a session of its own, also at the same time",
          .timeLimit(.minutes(1)))
    func shared() async throws {
        let sshd = try await TestSSHD.shared()
        let runner = try Self.runner(sshd, idle: .seconds(30))
        let first = try await Self.run(runner, sshd, "echo one")
        let second = try await Self.run(runner, sshd, "echo two")
        #expect(first.lines.first == "one" && second.lines.first == "two")
        #expect(first.connection == second.connection, "the second command came on a new connection")
        #expect(await runner.openConnections() == 1)
        let together = try await withThrowingTaskGroup(of: (Int, [String], String).self) { group in
            for index in 0..<5 {
                group.addTask {
                    let answer = try await Self.run(runner, sshd, "sleep 0.3; echo \(index)")
                    return (index, answer.lines, answer.connection)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(together.count == 5)
        for (index, lines, connection) in together {
            #expect(lines.first == "\(index)", "each session has its own output")
            #expect(connection == first.connection)
        }
        #expect(await runner.openConnections() == 1)
    }

    @Test("an idle connection closes after connection_idle_timeout; 0s keeps none", .timeLimit(.minutes(1)))
    func idle() async throws {
        let sshd = try await TestSSHD.shared()
        // 5 s: long enough to see the connection kept even on a loaded machine, short enough to see it close.
        let brief = try Self.runner(sshd, idle: .seconds(5))
        _ = try await Self.run(brief, sshd)
        #expect(await brief.openConnections() == 1)
        let deadline = ContinuousClock.now + .seconds(40)
        while await brief.openConnections() > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(await brief.openConnections() == 0)

        let none = try Self.runner(sshd, idle: .zero)
        let first = try await Self.run(none, sshd)
        let second = try await Self.run(none, sshd)
        #expect(first.connection != second.connection)
        let closing = ContinuousClock.now + .seconds(20)
        while await none.openConnections() > 0, ContinuousClock.now < closing { try await Task.sleep(for: .milliseconds(50)) }
        #expect(await none.openConnections() == 0)
    }

    @Test("a kept connection the agent dropped is replaced, and the command runs exactly once", .timeLimit(.minutes(1)))
    func dropped() async throws {
        let sshd = try await TestSSHD.shared()
        let (path, remote) = try SSHSandboxRunnerTests.sandbox(sshd)
        let runner = try Self.runner(sshd, idle: .seconds(30))
        let first = try await Self.run(runner, sshd)
        let pid = try #require(Int32(first.connection))
        #expect(kill(pid, SIGKILL) == 0, "sshd's per-connection process \(pid)")
        let again = try await Self.run(runner, sshd, SandboxCommand.run("echo ran >> count", sandbox: remote, timeoutSeconds: 20))
        #expect(again.connection != first.connection)
        #expect(try String(contentsOfFile: "\(path)/count", encoding: .utf8) == "ran\n")
        #expect(await runner.openConnections() == 1)
    }
}
