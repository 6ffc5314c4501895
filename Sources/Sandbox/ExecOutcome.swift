import GatewayCore
import NIOCore

/// The one result of a command, completed once from the event loop by whichever comes first: the exit, an error on
/// its connection, the connection closing, its session not opening in time, or the deadline.
final class ExecOutcome: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let promise: EventLoopPromise<SandboxRunResult>
    private(set) var done = false
    private var session: (any Channel)?
    private var timers: [Scheduled<Void>] = []
    private var handshakeTimer: Scheduled<Void>?
    private var sessionOpened: ContinuousClock.Instant?
    let host: String

    init(eventLoop: any EventLoop, host: String) {
        self.eventLoop = eventLoop
        self.promise = eventLoop.makePromise()
        self.host = host
    }

    var future: EventLoopFuture<SandboxRunResult> { promise.futureResult }

    /// Fails the outcome when no session is open after `handshake`, or at `deadline` after that.
    func watch(handshake: TimeAmount, deadline: TimeAmount, seconds: Int) {
        eventLoop.preconditionInEventLoop()
        handshakeTimer = eventLoop.scheduleTask(in: handshake) {
            self.finish(.failure(.connectFailed(host: self.host, reason: "no SSH session within sandbox.connect_timeout (\(handshake.nanoseconds / 1_000_000_000) s)")))
        }
        timers.append(eventLoop.scheduleTask(in: handshake + deadline) {
            self.finish(.failure(.timedOut(host: self.host, seconds: seconds)))
        })
    }

    /// The session channel is open: the handshake is over, and the command's time starts.
    func opened(_ channel: any Channel) {
        eventLoop.preconditionInEventLoop()
        handshakeTimer?.cancel()
        handshakeTimer = nil
        session = channel
        sessionOpened = .now
    }

    /// How long the command has had since its session opened; nil while it never opened.
    var elapsed: Duration? { sessionOpened.map { .now - $0 } }

    /// Completes the outcome (the first call wins) and closes the command's session; the connection stays.
    func finish(_ result: Result<SandboxRunResult, SandboxError>) {
        eventLoop.preconditionInEventLoop()
        guard !done else { return }
        done = true
        handshakeTimer?.cancel()
        for timer in timers { timer.cancel() }
        promise.completeWith(result.mapError { $0 as any Error })
        session?.close(promise: nil)
    }
}

/// The commands running on one SSH connection, so an error on it or its closing reaches every one of them. The first
/// failure is kept: a refused host key closes the connection, and a command added after that gets the refusal.
final class ConnectionSessions: @unchecked Sendable {
    private var outcomes: [ObjectIdentifier: ExecOutcome] = [:]
    private var failure: SandboxError?
    let host: String

    init(host: String) { self.host = host }

    /// Follows a command; one added after the connection failed fails at once with the first failure.
    func add(_ outcome: ExecOutcome) {
        if let failure {
            outcome.finish(.failure(failure))
        } else {
            outcomes[ObjectIdentifier(outcome)] = outcome
        }
    }

    func remove(_ outcome: ExecOutcome) { outcomes[ObjectIdentifier(outcome)] = nil }

    /// Fails every command on the connection with its first failure.
    func failAll(_ error: SandboxError) {
        if failure == nil { failure = error }
        for outcome in outcomes.values { outcome.finish(.failure(failure ?? error)) }
        outcomes = [:]
    }
}

/// Records the first error on the connection (a refused host key or user key arrives here) as the outcome of every
/// command on it, and closes it.
final class SessionErrorHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    let sessions: ConnectionSessions

    init(sessions: ConnectionSessions) { self.sessions = sessions }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        sessions.failAll(error as? SandboxError ?? .protocolError(host: sessions.host, reason: "\(error)"))
        context.close(promise: nil)
    }
}
