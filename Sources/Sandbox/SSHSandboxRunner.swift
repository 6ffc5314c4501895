import Foundation
public import GatewayCore
public import NIOCore
import NIOPosix
public import NIOSSH

/// Runs sandbox commands over SSH with swift-nio-ssh: the gateway's one key, host keys only from known_hosts, and a
/// connection per agent and user kept open for `sandbox.connection_idle_timeout`, each command in a session of its own.
/// The command's own limit is enforced on the agent (`timeout`, see `SandboxCommand.run`); the client gives up a
/// little later, closing the session.
public struct SSHSandboxRunner: SandboxRunner {
    let key: NIOSSHPrivateKey
    let knownHosts: KnownHosts
    let port: Int
    let connectTimeout: Duration
    let slots: SessionSlots
    let pool: SSHConnectionPool

    /// SSH's own event loop: decrypting a command's output never holds up the loops that serve HTTP.
    public static let sshLoop: any EventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// A runner with `key`, trusting only `knownHosts`, connecting to `port` on the agents and keeping a connection
    /// open for `idleTimeout` after its last command (zero: a new connection per command).
    public init(key: NIOSSHPrivateKey, knownHosts: KnownHosts, port: Int = 22, connectTimeout: Duration = .seconds(10),
                maxSessions: Int = 8, idleTimeout: Duration = .seconds(30), group: any EventLoopGroup = SSHSandboxRunner.sshLoop) {
        self.init(key: key, knownHosts: knownHosts, port: port, connectTimeout: connectTimeout, slots: SessionSlots(limit: maxSessions),
                  pool: SSHConnectionPool(loop: group.next(), idleTimeout: TimeAmount(idleTimeout)))
    }

    private init(key: NIOSSHPrivateKey, knownHosts: KnownHosts, port: Int, connectTimeout: Duration, slots: SessionSlots,
                 pool: SSHConnectionPool) {
        self.key = key
        self.knownHosts = knownHosts
        self.port = port
        self.connectTimeout = connectTimeout
        self.slots = slots
        self.pool = pool
    }

    /// Loads the key and known_hosts that `settings` name; the error names the config key and the file.
    public init(settings: SandboxSettings) throws(ConfigError) {
        let key: NIOSSHPrivateKey
        do { key = try OpenSSHPrivateKey.load(path: settings.sshKey) } catch { throw ConfigError(key: "sandbox.ssh_key", error.description) }
        let knownHosts: KnownHosts
        do { knownHosts = try KnownHosts.load(path: settings.knownHosts) } catch { throw ConfigError(key: "sandbox.known_hosts", error.description) }
        self.init(key: key, knownHosts: knownHosts, port: settings.sshPort, connectTimeout: settings.connectTimeout,
                  maxSessions: settings.maxSessions, idleTimeout: settings.connectionIdleTimeout)
    }

    /// The same key, known hosts, agents' port and connections, with session slots of its own: one use cannot take
    /// every slot of another.
    public func withOwnSessions() -> SSHSandboxRunner {
        SSHSandboxRunner(key: key, knownHosts: knownHosts, port: port, connectTimeout: connectTimeout,
                         slots: SessionSlots(limit: slots.limit), pool: pool)
    }

    /// How many SSH connections are open now (kept for reuse or running commands).
    public func openConnections() async -> Int {
        let pool = pool
        return (try? await pool.loop.submit { pool.count() }.get()) ?? 0
    }

    /// What `aurora-gateway check` prints: the key's type and fingerprint, and what known_hosts holds.
    public var summary: String {
        let type = publicKeyLine.split(separator: " ").first.map(String.init) ?? "?"
        return "\(type) key \(key.publicKey.fingerprint); known_hosts: \(knownHosts.count) keys, \(knownHosts.skippedLines) lines skipped; agents' port \(port)"
    }

    /// The gateway's public key as an authorized_keys line (for messages and the docs; not a secret).
    public var publicKeyLine: String { String(openSSHPublicKey: key.publicKey) + " aurora-gateway" }

    /// Runs `command` as `user` on `host` in a session of a kept connection, or of a new one (host key checked,
    /// authenticated), and collects its exit status and output. A kept connection that turns out closed before the
    /// session opened (the agent dropped it) is replaced by a new one; the command had not started.
    public func run(_ command: String, host: String, user: String, timeout: Duration,
                    maxOutputBytes: Int) async throws(SandboxError) -> SandboxRunResult {
        try slots.acquire()
        defer { slots.release() }
        let key = SSHConnectionPool.Key(host: host, port: port, user: user)
        let pool = pool
        if let kept = try? await pool.loop.submit({ pool.checkOut(key) }).get() {
            let (result, started) = await exec(command, on: kept, host: host, timeout: timeout, maxOutputBytes: maxOutputBytes)
            if started || (try? result.get()) != nil || Task.isCancelled { return try finished(result, host: host, timeout: timeout) }
        }
        let connection = try await connect(key)
        let (result, _) = await exec(command, on: connection, host: host, timeout: timeout, maxOutputBytes: maxOutputBytes)
        return try finished(result, host: host, timeout: timeout)
    }

    /// A new connection to `key`, registered in the pool and taken for one command.
    private func connect(_ key: SSHConnectionPool.Key) async throws(SandboxError) -> SSHConnectionPool.Connection {
        let host = key.host, user = key.user
        let privateKey = self.key, knownHosts = knownHosts, port = port, keyLine = publicKeyLine
        let sessions = ConnectionSessions(host: host)
        let bootstrap = ClientBootstrap(group: pool.loop)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ssh = NIOSSHHandler(
                        role: .client(.init(userAuthDelegate: OneKeyAuthentication(user: user, host: host, key: privateKey, keyLine: keyLine),
                                            serverAuthDelegate: PinnedHostKey(knownHosts: knownHosts, host: host, port: port))),
                        allocator: channel.allocator, inboundChildChannelInitializer: nil)
                    try channel.pipeline.syncOperations.addHandlers(ssh, SessionErrorHandler(sessions: sessions))
                }
            }
        let channel: any Channel
        do { channel = try await bootstrap.connect(host: host, port: port).get() } catch {
            throw .connectFailed(host: "\(host):\(port)", reason: "\(error)")
        }
        let pool = pool
        do {
            return try await pool.loop.submit { pool.add(channel, key: key, sessions: sessions) }.get()
        } catch {
            try? await channel.close()
            throw .protocolError(host: host, reason: "\(error)")
        }
    }

    /// Opens a session on `connection`, runs the command, and gives the connection back; also says whether the
    /// session opened (the command started).
    private func exec(_ command: String, on connection: SSHConnectionPool.Connection, host: String, timeout: Duration,
                      maxOutputBytes: Int) async -> (Result<SandboxRunResult, SandboxError>, started: Bool) {
        let pool = pool, loop = pool.loop
        let outcome = ExecOutcome(eventLoop: loop, host: host)
        let seconds = Int(timeout.components.seconds)
        let handshake = connectTimeout, deadline = timeout + .seconds(10)
        loop.execute {
            // The session has connect_timeout to open (on a new connection: the handshake too); the command then has
            // its timeout, enforced on the agent, plus a grace for the agent to report it.
            connection.sessions.add(outcome)
            outcome.watch(handshake: TimeAmount(handshake), deadline: TimeAmount(deadline), seconds: seconds)
            guard connection.channel.isActive else {
                outcome.finish(.failure(.protocolError(host: host, reason: "the connection closed before the command ended")))
                return
            }
            do {
                let ssh = try connection.channel.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                ssh.createChannel(nil, channelType: .session) { child, _ in
                    child.eventLoop.makeCompletedFuture {
                        try child.syncOptions?.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                        try child.pipeline.syncOperations.addHandler(ExecCollector(command: command, limit: maxOutputBytes, outcome: outcome))
                    }
                }
            } catch {
                outcome.finish(.failure(.protocolError(host: host, reason: "\(error)")))
            }
        }
        let result: Result<SandboxRunResult, SandboxError> = await withTaskCancellationHandler {
            do { return .success(try await outcome.future.get()) } catch let error as SandboxError {
                return .failure(error)
            } catch {
                return .failure(.protocolError(host: host, reason: "\(error)"))
            }
        } onCancel: {
            // The caller went away: stop the command's session rather than hold a session slot until it ends.
            loop.execute { outcome.finish(.failure(.protocolError(host: host, reason: "the request was cancelled"))) }
        }
        let started = (try? await loop.submit {
            connection.sessions.remove(outcome)
            pool.checkIn(connection, succeeded: (try? result.get()) != nil)
            return outcome.elapsed != nil
        }.get()) ?? true
        return (result, started)
    }

    /// The result as the caller sees it: GNU timeout's 124 (or 137 once it had to KILL) after the whole allowance
    /// means the command was stopped.
    private func finished(_ result: Result<SandboxRunResult, SandboxError>, host: String, timeout: Duration) throws(SandboxError) -> SandboxRunResult {
        let run = try result.get()
        if [SandboxCommand.timedOut, 137].contains(run.exitStatus), let opened = run.elapsed, opened >= timeout {
            throw .timedOut(host: host, seconds: Int(timeout.components.seconds))
        }
        return run
    }
}
