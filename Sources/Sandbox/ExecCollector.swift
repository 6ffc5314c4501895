import GatewayCore
import NIOCore
import NIOSSH

/// The session channel of one command: sends the exec request and EOF, keeps the first `limit` bytes of stdout and
/// stderr (reading on, so the remote side never blocks), and completes the outcome with the exit status — when the
/// channel closes, or shortly after the exit status if a background child keeps the channel open.
final class ExecCollector: ChannelInboundHandler {
    typealias InboundIn = SSHChannelData

    /// How long output may still arrive after the exit status before the result is taken as it is.
    static let drainGrace = TimeAmount.seconds(2)

    private let command: String
    private let limit: Int
    private let outcome: ExecOutcome
    private var stdout: [UInt8] = []
    private var stderr: [UInt8] = []
    private var truncated = false
    private var exitStatus: Int?

    init(command: String, limit: Int, outcome: ExecOutcome) {
        self.command = command
        self.limit = limit
        self.outcome = outcome
    }

    func channelActive(context: ChannelHandlerContext) {
        // Given up on (deadline, cancelled, connection error) before the session opened: run nothing.
        guard !outcome.done else {
            context.close(promise: nil)
            return
        }
        outcome.opened(context.channel)
        context.triggerUserOutboundEvent(SSHChannelRequestEvent.ExecRequest(command: command, wantReply: true), promise: nil)
        context.close(mode: .output, promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .byteBuffer(let buffer) = message.data else { return }
        switch message.type {
        case .channel: append(buffer, to: &stdout)
        case .stdErr: append(buffer, to: &stderr)
        default: break
        }
    }

    private func append(_ buffer: ByteBuffer, to stream: inout [UInt8]) {
        let room = limit - stream.count
        if buffer.readableBytes > room { truncated = true }
        if room > 0 { stream += buffer.readableBytesView.prefix(room) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let status as SSHChannelRequestEvent.ExitStatus:
            exited(status.exitStatus, context: context)
        case let signal as SSHChannelRequestEvent.ExitSignal:
            exited(Self.status(signal: signal.signalName), context: context)
        case is ChannelFailureEvent:
            outcome.finish(.failure(.protocolError(host: outcome.host, reason: "the agent's sshd refused to run a command")))
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func exited(_ status: Int, context: ChannelHandlerContext) {
        exitStatus = status
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: Self.drainGrace) { bound.value.complete() }
    }

    private func complete() {
        guard let exitStatus else {
            outcome.finish(.failure(.protocolError(host: outcome.host, reason: "the command's channel closed without an exit status")))
            return
        }
        outcome.finish(.success(SandboxRunResult(exitStatus: exitStatus, stdout: stdout, stderr: stderr, truncated: truncated,
                                                 elapsed: outcome.elapsed)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        outcome.finish(.failure(error as? SandboxError ?? .protocolError(host: outcome.host, reason: "\(error)")))
        context.close(promise: nil)
    }

    /// A shell's status for a death by signal: 128 + its number; 255 for a signal the table does not know.
    static func status(signal name: String) -> Int {
        signals[name].map { 128 + $0 } ?? 255
    }

    static let signals = ["HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8, "KILL": 9, "USR1": 10,
                          "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15]
}
