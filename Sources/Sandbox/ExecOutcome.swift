import GatewayCore
import NIOCore

/// The one result of a command, completed once from the event loop by whichever comes first: the exit, an error,
/// the connection closing, the handshake taking too long, or the deadline.
final class ExecOutcome: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let promise: EventLoopPromise<SandboxRunResult>
    private var done = false
    private var parent: (any Channel)?
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

    /// Fails the outcome when the connection closes first, when no session is open after `handshake`, or at `deadline`.
    func watch(_ channel: any Channel, handshake: TimeAmount, deadline: TimeAmount, seconds: Int) {
        eventLoop.preconditionInEventLoop()
        parent = channel
        channel.closeFuture.whenComplete { _ in
            self.finish(.failure(.protocolError(host: self.host, reason: "the connection closed before the command ended")))
        }
        handshakeTimer = eventLoop.scheduleTask(in: handshake) {
            self.finish(.failure(.connectFailed(host: self.host, reason: "no SSH session within sandbox.connect_timeout (\(handshake.nanoseconds / 1_000_000_000) s)")))
        }
        timers.append(eventLoop.scheduleTask(in: handshake + deadline) {
            self.finish(.failure(.timedOut(host: self.host, seconds: seconds)))
        })
    }

    /// The session channel is open: the handshake is over, and the command's time starts.
    func opened() {
        eventLoop.preconditionInEventLoop()
        handshakeTimer?.cancel()
        handshakeTimer = nil
        sessionOpened = .now
    }

    /// How long the command has had since its session opened.
    var elapsed: Duration? { sessionOpened.map { .now - $0 } }

    func finish(_ result: Result<SandboxRunResult, SandboxError>) {
        eventLoop.preconditionInEventLoop()
        guard !done else { return }
        done = true
        handshakeTimer?.cancel()
        for timer in timers { timer.cancel() }
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
