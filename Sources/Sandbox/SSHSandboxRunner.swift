import Foundation
public import GatewayCore
public import NIOCore
import NIOPosix
public import NIOSSH

/// Runs sandbox commands over SSH with swift-nio-ssh: one connection per command, the gateway's one key, host keys
/// only from known_hosts. The command's own limit is enforced on the agent (`timeout`, see `SandboxCommand.run`);
/// the client gives up a little later, closing the connection.
public struct SSHSandboxRunner: SandboxRunner {
    let key: NIOSSHPrivateKey
    let knownHosts: KnownHosts
    let port: Int
    let connectTimeout: Duration
    let group: any EventLoopGroup
    let slots: SessionSlots

    /// SSH's own event loop: decrypting a command's output never holds up the loops that serve HTTP.
    public static let sshLoop: any EventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// A runner with `key`, trusting only `knownHosts`, connecting to `port` on the agents.
    public init(key: NIOSSHPrivateKey, knownHosts: KnownHosts, port: Int = 22, connectTimeout: Duration = .seconds(10),
                maxSessions: Int = 8, group: any EventLoopGroup = SSHSandboxRunner.sshLoop) {
        self.key = key
        self.knownHosts = knownHosts
        self.port = port
        self.connectTimeout = connectTimeout
        self.group = group
        self.slots = SessionSlots(limit: maxSessions)
    }

    /// Loads the key and known_hosts that `settings` name; the error names the config key and the file.
    public init(settings: SandboxSettings) throws(ConfigError) {
        let key: NIOSSHPrivateKey
        do { key = try OpenSSHPrivateKey.load(path: settings.sshKey) } catch { throw ConfigError(key: "sandbox.ssh_key", error.description) }
        let knownHosts: KnownHosts
        do { knownHosts = try KnownHosts.load(path: settings.knownHosts) } catch { throw ConfigError(key: "sandbox.known_hosts", error.description) }
        self.init(key: key, knownHosts: knownHosts, port: settings.sshPort, connectTimeout: settings.connectTimeout, maxSessions: settings.maxSessions)
    }

    /// The same key, known hosts and agents' port, with sessions of its own: one use cannot take every slot of another.
    public func withOwnSessions() -> SSHSandboxRunner {
        SSHSandboxRunner(key: key, knownHosts: knownHosts, port: port, connectTimeout: connectTimeout, maxSessions: slots.limit, group: group)
    }

    /// What `aurora-gateway check` prints: the key's type and fingerprint, and what known_hosts holds.
    public var summary: String {
        let type = publicKeyLine.split(separator: " ").first.map(String.init) ?? "?"
        return "\(type) key \(key.publicKey.fingerprint); known_hosts: \(knownHosts.count) keys, \(knownHosts.skippedLines) lines skipped; agents' port \(port)"
    }

    /// The gateway's public key as an authorized_keys line (for messages and the docs; not a secret).
    public var publicKeyLine: String { String(openSSHPublicKey: key.publicKey) + " aurora-gateway" }

    /// Connects, checks the host key, authenticates as `user`, runs `command`, and collects its exit status and output.
    public func run(_ command: String, host: String, user: String, timeout: Duration,
                    maxOutputBytes: Int) async throws(SandboxError) -> SandboxRunResult {
        try slots.acquire()
        defer { slots.release() }
        let loop = group.next()
        let outcome = ExecOutcome(eventLoop: loop, host: host)
        let key = key, knownHosts = knownHosts, port = port, keyLine = publicKeyLine
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ssh = NIOSSHHandler(
                        role: .client(.init(userAuthDelegate: OneKeyAuthentication(user: user, host: host, key: key, keyLine: keyLine),
                                            serverAuthDelegate: PinnedHostKey(knownHosts: knownHosts, host: host, port: port))),
                        allocator: channel.allocator, inboundChildChannelInitializer: nil)
                    try channel.pipeline.syncOperations.addHandlers(ssh, SessionErrorHandler(outcome: outcome))
                }
            }
        let parent: any Channel
        do { parent = try await bootstrap.connect(host: host, port: port).get() } catch {
            let failure = SandboxError.connectFailed(host: "\(host):\(port)", reason: "\(error)")
            try? await loop.submit { outcome.finish(.failure(failure)) }.get()
            throw failure
        }
        let seconds = Int(timeout.components.seconds)
        let handshake = connectTimeout, deadline = timeout + .seconds(10)
        loop.execute {
            // The handshake has connect_timeout (an agent that accepts and then says nothing is given up on); the
            // command then has its timeout, enforced on the agent, plus a grace for the agent to report it.
            outcome.watch(parent, handshake: TimeAmount(handshake), deadline: TimeAmount(deadline), seconds: seconds)
            do {
                let ssh = try parent.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
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
            // The caller went away: stop the command's connection rather than hold a session slot until it ends.
            loop.execute { outcome.finish(.failure(.protocolError(host: host, reason: "the request was cancelled"))) }
        }
        try? await parent.close()
        let run = try result.get()
        // GNU timeout's 124 (or 137 once it had to KILL) after the whole allowance: the command was stopped.
        if [SandboxCommand.timedOut, 137].contains(run.exitStatus), let opened = run.elapsed, opened >= timeout {
            throw .timedOut(host: host, seconds: seconds)
        }
        return run
    }
}
