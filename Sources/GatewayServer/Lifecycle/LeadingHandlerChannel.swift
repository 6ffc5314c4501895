import HummingbirdCore
import Logging
import NIOCore

/// A server channel that puts one handler, made per connection, in front of another channel's handlers: TLS in
/// front of HTTP, the header deadline in front of the HTTP decoder.
struct LeadingHandlerChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let makeHandler: @Sendable () -> any ChannelHandler

    init(base: Base, _ makeHandler: @escaping @Sendable () -> any ChannelHandler) {
        self.base = base
        self.makeHandler = makeHandler
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(makeHandler())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
