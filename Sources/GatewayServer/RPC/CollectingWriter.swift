import Hummingbird
import Synchronization

/// The bytes of a response body written in process (JSON-RPC dispatch).
final class CollectedBody: Sendable {
    private let buffer = Mutex<[UInt8]>([])
    func append(_ part: ByteBuffer) { buffer.withLock { $0 += Array(buffer: part) } }
    var bytes: [UInt8] { buffer.withLock { $0 } }
}

/// A `ResponseBodyWriter` that keeps what is written.
struct CollectingWriter: ResponseBodyWriter {
    let sink: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws { sink.append(buffer) }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
