import GatewayCore
import NIOCore
import NIOSSH

/// The session channel of one command: sends the exec request and EOF, keeps the first `limit` bytes of stdout and
/// stderr (reading on, so the remote side never blocks), and completes the outcome with the exit status.
final class ExecCollector: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

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
            exitStatus = status.exitStatus
        case let signal as SSHChannelRequestEvent.ExitSignal:
            exitStatus = 128 + (Self.signals[signal.signalName] ?? 0)
        case is ChannelFailureEvent:
            outcome.finish(.failure(.protocolError(host: outcome.host, reason: "the agent's sshd refused to run a command")))
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let exitStatus {
            outcome.finish(.success(SandboxRunResult(exitStatus: exitStatus, stdout: stdout, stderr: stderr, truncated: truncated)))
        } else {
            outcome.finish(.failure(.protocolError(host: outcome.host, reason: "the command's channel closed without an exit status")))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        outcome.finish(.failure(error as? SandboxError ?? .protocolError(host: outcome.host, reason: "\(error)")))
        context.close(promise: nil)
    }

    static let signals = ["HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "ABRT": 6, "FPE": 8, "KILL": 9, "SEGV": 11, "PIPE": 13, "ALRM": 14, "TERM": 15]
}
