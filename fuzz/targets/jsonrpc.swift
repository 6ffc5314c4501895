import Foundation

/// libFuzzer target: the JSON-RPC 2.0 envelope (body → one call or a batch → each call's id, method and params, or
/// the error that answers it), which every `POST /v1/rpc` body meets before any operation runs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONRPC(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    switch JSONRPCEnvelope.body(data, maxBatch: 50) {
    case .refused(let error):
        guard error["code"] is Int else { fatalError("an error object without a code") }
    case .single(let value):
        _ = JSONRPCEnvelope.call(value)
    case .batch(let calls):
        guard calls.count <= 50 else { fatalError("a batch over the limit got through") }
        for call in calls { _ = JSONRPCEnvelope.call(call) }
    }
    return 0
}
