import Foundation
import GatewayCore
import Sandbox
import TestSupport
import Testing

/// The SSH runner against a real OpenSSH sshd on loopback (`scripts/test-sshd.sh`).
@Suite("task sandboxes over SSH: pinned host keys, the gateway's one key, timeouts and output caps against a real sshd")
struct SSHSandboxRunnerTests {
    static func runner(_ sshd: TestSSHD, key: String = "client_ed25519", knownHosts: String = "known_hosts") throws -> SSHSandboxRunner {
        try SSHSandboxRunner(settings: SandboxSettings(sshKey: sshd.path(key), knownHosts: sshd.path(knownHosts), sshPort: sshd.port,
                                                       connectTimeout: .seconds(10)))
    }

    static func sandbox(_ sshd: TestSSHD) throws -> (path: String, remote: String) {
        let taskID = "test-\(UUID().uuidString.prefix(8))"
        let path = try sshd.makeSandbox(taskID: taskID)
        return (path, SandboxCommand.sandboxPath(slaveRoot: sshd.slaveRoot, runDirectory: "latest", taskID: taskID))
    }

    @Test("the command runs exactly as written, in the sandbox, as the role user; exit status and both streams come back")
    func metacharacters() async throws {
        let sshd = try await TestSSHD.shared()
        let (path, remote) = try Self.sandbox(sshd)
        let command = #"printf '%s\n' "a;b|c" '$HOME' '`x`'; echo "it's" > 'q t.txt'; pwd; id -un; echo oops >&2; exit 3"#
        let result = try await Self.runner(sshd).run(SandboxCommand.run(command, sandbox: remote, timeoutSeconds: 20), host: "127.0.0.1",
                                                     user: sshd.user, timeout: .seconds(20), maxOutputBytes: 1 << 20)
        let out = String(decoding: result.stdout, as: UTF8.self)
        #expect(result.exitStatus == 3)
        #expect(out == "a;b|c\n$HOME\n`x`\n\(path)\n\(sshd.user)\n", "\(out)")
        #expect(String(decoding: result.stderr, as: UTF8.self) == "oops\n")
        #expect(try String(contentsOfFile: "\(path)/q t.txt", encoding: .utf8) == "it's\n")
        #expect(!result.truncated)
    }

    @Test("an ECDSA P-256 key and a hashed known_hosts work too")
    func ecdsaAndHashed() async throws {
        let sshd = try await TestSSHD.shared()
        let result = try await Self.runner(sshd, key: "client_ecdsa", knownHosts: "known_hosts.hashed")
            .run("echo ok", host: "127.0.0.1", user: sshd.user, timeout: .seconds(10), maxOutputBytes: 1024)
        #expect(result.exitStatus == 0 && result.stdout == Array("ok\n".utf8))
    }

    @Test("a host key known_hosts does not pin is refused before anything runs, and known_hosts is never written",
          arguments: ["known_hosts.wrong", "known_hosts.empty", "known_hosts.revoked"])
    func hostKeys(file: String) async throws {
        let sshd = try await TestSSHD.shared()
        let (path, remote) = try Self.sandbox(sshd)
        let before = try Data(contentsOf: URL(fileURLWithPath: sshd.path(file)))
        let error = await #expect(throws: SandboxError.self) {
            try await Self.runner(sshd, knownHosts: file).run(SandboxCommand.run("touch ran", sandbox: remote, timeoutSeconds: 10),
                                                              host: "127.0.0.1", user: sshd.user, timeout: .seconds(10), maxOutputBytes: 1024)
        }
        switch (file, error) {
        case ("known_hosts.wrong", .hostKeyMismatch?), ("known_hosts.empty", .hostKeyUnknown?), ("known_hosts.revoked", .hostKeyRevoked?): break
        default: Issue.record("\(file): \(String(describing: error))")
        }
        #expect(error?.description.contains("SHA256:") == true)
        #expect(!FileManager.default.fileExists(atPath: "\(path)/ran"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: sshd.path(file))) == before)
    }

    @Test("a key the user has not authorized is refused at once, naming the public key to install", .timeLimit(.minutes(1)))
    func refusedKey() async throws {
        let sshd = try await TestSSHD.shared()
        let started = ContinuousClock.now
        let error = await #expect(throws: SandboxError.self) {
            try await Self.runner(sshd, key: "stranger_ed25519").run("true", host: "127.0.0.1", user: sshd.user, timeout: .seconds(30), maxOutputBytes: 1024)
        }
        guard case .keyRefused(let user, _, let key)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(user == sshd.user && key.hasPrefix("ssh-ed25519 "))
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test("a command outliving its timeout is stopped on the agent, children included, and reported as a timeout", .timeLimit(.minutes(1)))
    func timeout() async throws {
        let sshd = try await TestSSHD.shared()
        let (path, remote) = try Self.sandbox(sshd)
        let started = ContinuousClock.now
        let error = await #expect(throws: SandboxError.self) {
            // 3 s: on a loaded machine the shell must have reached `echo` before the agent's timeout fires.
            try await Self.runner(sshd).run(SandboxCommand.run("sleep 300 & echo $! > child; sleep 301", sandbox: remote, timeoutSeconds: 3),
                                            host: "127.0.0.1", user: sshd.user, timeout: .seconds(3), maxOutputBytes: 1024)
        }
        guard case .timedOut? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(ContinuousClock.now - started < .seconds(18), "the agent's timeout, not the gateway's deadline (23 s), ended it")
        let child = Int32(try String(contentsOfFile: "\(path)/child", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(child > 0)
        var alive = true
        for _ in 0..<40 where alive {
            // Gone, or a zombie waiting for a parent that reaps (this machine's init may not).
            let stat = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)) ?? ""
            alive = !stat.isEmpty && !stat.contains(") Z ")
            if alive { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!alive, "the background child \(child) is still running")
    }

    @Test("huge output is cut at the cap on each stream, marked truncated, and the command still completes", .timeLimit(.minutes(1)))
    func hugeOutput() async throws {
        let sshd = try await TestSSHD.shared()
        let result = try await Self.runner(sshd).run("head -c 2000000 /dev/zero | tr '\\0' x; head -c 300000 /dev/zero | tr '\\0' y >&2; exit 0",
                                                     host: "127.0.0.1", user: sshd.user, timeout: .seconds(30), maxOutputBytes: 100_000)
        #expect(result.exitStatus == 0)
        #expect(result.stdout.count == 100_000 && result.stdout.allSatisfy { $0 == UInt8(ascii: "x") })
        #expect(result.stderr.count == 100_000 && result.truncated)
    }

    @Test("nothing listening: a clear connection error naming host and port")
    func unreachable() async throws {
        let sshd = try await TestSSHD.shared()
        let runner = try SSHSandboxRunner(settings: SandboxSettings(sshKey: sshd.path("client_ed25519"), knownHosts: sshd.path("known_hosts"), sshPort: 1))
        let error = await #expect(throws: SandboxError.self) {
            try await runner.run("true", host: "127.0.0.1", user: sshd.user, timeout: .seconds(5), maxOutputBytes: 10)
        }
        guard case .connectFailed(let host, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(host == "127.0.0.1:1")
    }

    @Test("beyond sandbox.max_sessions a call is refused at once as busy; the slot is free again afterwards", .timeLimit(.minutes(1)))
    func sessionLimit() async throws {
        let sshd = try await TestSSHD.shared()
        let runner = try SSHSandboxRunner(settings: SandboxSettings(sshKey: sshd.path("client_ed25519"), knownHosts: sshd.path("known_hosts"),
                                                                    sshPort: sshd.port, maxSessions: 1))
        let long = Task { try await runner.run("sleep 2", host: "127.0.0.1", user: sshd.user, timeout: .seconds(10), maxOutputBytes: 10) }
        try await Task.sleep(for: .milliseconds(300))
        let error = await #expect(throws: SandboxError.self) {
            try await runner.run("true", host: "127.0.0.1", user: sshd.user, timeout: .seconds(10), maxOutputBytes: 10)
        }
        #expect(error == .busy(limit: 1))
        #expect(try await long.value.exitStatus == 0)
        #expect(try await runner.run("true", host: "127.0.0.1", user: sshd.user, timeout: .seconds(10), maxOutputBytes: 10).exitStatus == 0)
    }

    @Test("an agent that accepts the connection and then says nothing is given up on after connect_timeout", .timeLimit(.minutes(1)))
    func silentAgent() async throws {
        let sshd = try await TestSSHD.shared()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = listen(listener, 8)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let runner = try SSHSandboxRunner(settings: SandboxSettings(sshKey: sshd.path("client_ed25519"), knownHosts: sshd.path("known_hosts"),
                                                                    sshPort: Int(UInt16(bigEndian: address.sin_port)), connectTimeout: .seconds(1)))
        let started = ContinuousClock.now
        let error = await #expect(throws: SandboxError.self) {
            try await runner.run("true", host: "127.0.0.1", user: sshd.user, timeout: .seconds(60), maxOutputBytes: 10)
        }
        guard case .connectFailed(_, let reason)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(reason.contains("connect_timeout"))
        // Far below the command's deadline (60 s + 10 s); a loaded machine and the shared SSH loop may delay the 1 s timer.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("a background child that keeps stdout open does not turn a finished command into a timeout", .timeLimit(.minutes(1)))
    func backgroundChild() async throws {
        let sshd = try await TestSSHD.shared()
        let started = ContinuousClock.now
        let result = try await Self.runner(sshd).run("sleep 45 & echo started", host: "127.0.0.1", user: sshd.user, timeout: .seconds(50),
                                                     maxOutputBytes: 100)
        #expect(result.exitStatus == 0 && result.stdout == Array("started\n".utf8))
        // Answered 2 s after the exit status (plus whatever a loaded machine adds), not when the child ends at 45 s.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("a command ended by a signal reports 128 + its number, as a shell does")
    func killedBySignal() async throws {
        let sshd = try await TestSSHD.shared()
        let result = try await Self.runner(sshd).run("kill -TERM $$", host: "127.0.0.1", user: sshd.user, timeout: .seconds(10), maxOutputBytes: 100)
        #expect(result.exitStatus == 143)
    }
}
