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

    /// What `aurora-gateway check` prints: the key's type and fingerprint, and what known_hosts holds.
    public var summary: String {
        let type = publicKeyLine.split(separator: " ").first.map(String.init) ?? "?"
        return "\(type) key \(key.publicKey.fingerprint); known_hosts: \(knownHosts.count) keys, \(knownHosts.skippedLines) lines skipped; agents' port \(port)"
    }

    /// The gateway's public key as an authorized_keys line (for messages and the docs; not a secret).
    public var publicKeyLine: String { String(openSSHPublicKey: key.publicKey) + " aurora-gateway" }

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
        let started = ContinuousClock.now
        let parent: any Channel
        do { parent = try await bootstrap.connect(host: host, port: port).get() } catch {
            let failure = SandboxError.connectFailed(host: "\(host):\(port)", reason: "\(error)")
            try? await loop.submit { outcome.finish(.failure(failure)) }.get()
            throw failure
        }
        let deadline = timeout + connectTimeout + .seconds(5)
        let seconds = Int(timeout.components.seconds)
        loop.execute {
            outcome.watch(parent)
            loop.scheduleTask(in: TimeAmount(deadline)) { outcome.finish(.failure(.timedOut(host: host, seconds: seconds))) }
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
        let result: Result<SandboxRunResult, SandboxError>
        do { result = .success(try await outcome.future.get()) } catch let error as SandboxError {
            result = .failure(error)
        } catch {
            result = .failure(.protocolError(host: host, reason: "\(error)"))
        }
        try? await parent.close()
        let run = try result.get()
        // GNU timeout's 124 (or 137 once it had to KILL) after the whole allowance: the command was stopped.
        if [SandboxCommand.timedOut, 137].contains(run.exitStatus), ContinuousClock.now - started >= timeout {
            throw .timedOut(host: host, seconds: seconds)
        }
        return run
    }
}

/// The one result of a command, completed once from the event loop by whichever comes first: the exit, an error,
/// the connection closing, or the deadline.
final class ExecOutcome: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let promise: EventLoopPromise<SandboxRunResult>
    private var done = false
    private var parent: (any Channel)?
    let host: String

    init(eventLoop: any EventLoop, host: String) {
        self.eventLoop = eventLoop
        self.promise = eventLoop.makePromise()
        self.host = host
    }

    var future: EventLoopFuture<SandboxRunResult> { promise.futureResult }

    /// Fails the outcome when the connection closes before the command ended.
    func watch(_ channel: any Channel) {
        eventLoop.preconditionInEventLoop()
        parent = channel
        channel.closeFuture.whenComplete { _ in
            self.finish(.failure(.protocolError(host: self.host, reason: "the connection closed before the command ended")))
        }
    }

    func finish(_ result: Result<SandboxRunResult, SandboxError>) {
        eventLoop.preconditionInEventLoop()
        guard !done else { return }
        done = true
        promise.completeWith(result.mapError { $0 as any Error })
        parent?.close(promise: nil)
    }
}

/// Records the first error on the connection (a refused host key or user key arrives here) as the outcome.
final class SessionErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    let outcome: ExecOutcome

    init(outcome: ExecOutcome) { self.outcome = outcome }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        outcome.finish(.failure(error as? SandboxError ?? .protocolError(host: outcome.host, reason: "\(error)")))
        context.close(promise: nil)
    }
}
