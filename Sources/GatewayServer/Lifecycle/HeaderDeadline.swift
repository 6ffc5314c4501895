import HummingbirdCore
import NIOCore

/// Closes a connection whose request head does not arrive in full within the deadline of its first byte, answering
/// 408: the idle timeout alone lets a client that trickles a header byte every few seconds (slowloris) hold a socket
/// for ever. It sits in front of the HTTP decoder and watches the raw bytes for the blank line that ends a head.
final class HeaderDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Between requests: the next byte starts a head and the clock.
        case awaitingHead
        /// Inside a head; `lineLength` counts the current line's characters, so an empty line ends the head.
        case readingHead(lineLength: Int)
        /// The head arrived; the body and the answer follow. The answer's flush re-arms the watch.
        case inRequest
    }

    private let deadline: TimeAmount
    private var state = State.awaitingHead
    private var timer: Scheduled<Void>?

    /// A handler allowing `deadline` for each request head.
    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if case .inRequest = state {
            context.fireChannelRead(data)
            return
        }
        if case .awaitingHead = state, buffer.readableBytes > 0 {
            state = .readingHead(lineLength: 0)
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let contextBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(in: deadline) { loopBound.value.expired(context: contextBound.value) }
        }
        if case .readingHead(var lineLength) = state {
            for byte in buffer.readableBytesView {
                if byte == UInt8(ascii: "\n") {
                    if lineLength == 0 {
                        timer?.cancel()
                        timer = nil
                        state = .inRequest
                        break
                    }
                    lineLength = 0
                } else if byte != UInt8(ascii: "\r") {
                    lineLength += 1
                }
            }
            if case .readingHead = state { state = .readingHead(lineLength: lineLength) }
        }
        context.fireChannelRead(data)
    }

    func flush(context: ChannelHandlerContext) {
        if case .inRequest = state { state = .awaitingHead }
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func expired(context: ChannelHandlerContext) {
        timer = nil
        guard case .readingHead = state else { return }
        let body = #"{"type":"about:blank","title":"Request Timeout","status":408,"detail":"the request head did not arrive within \#(deadline.nanoseconds / 1_000_000) ms: send the whole request line and headers at once"}"#
        var answer = context.channel.allocator.buffer(capacity: 256 + body.utf8.count)
        answer.writeString("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(answer)).whenComplete { _ in bound.value.close(promise: nil) }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with `configuration`, each request head due within `headerTimeout` of its first byte.
    static func http1(configuration: HTTP1Channel.Configuration, headerTimeout: TimeAmount) -> HTTPServerBuilder {
        .init { responder in
            LeadingHandlerChannel(base: HTTP1Channel(responder: responder, configuration: configuration)) {
                HeaderDeadlineHandler(deadline: headerTimeout)
            }
        }
    }
}
