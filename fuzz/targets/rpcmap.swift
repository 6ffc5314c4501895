import Foundation

/// libFuzzer target: a JSON-RPC call's method and named params turned into the REST request the router runs
/// (`RPCRequest.make`). Whatever the params, the request stays inside the API: the path is the operation's template
/// with every `{…}` replaced by a valid identifier, the query is percent-encoded, and the body is JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRPCMapping(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let data = Data(bytes: start, count: count)
    // The first byte picks the method, so every binding is reached; the rest is the params object.
    let methods = RESTBinding.all.keys.sorted()
    let method = methods[Int(data[data.startIndex]) % methods.count]
    guard let binding = RESTBinding.all[method],
          let params = (try? JSONSerialization.jsonObject(with: data.dropFirst(), options: [.fragmentsAllowed])) as? [String: Any] else { return 0 }
    let request: RPCRequest
    do { request = try RPCRequest.make(binding, method: method, params: params) } catch { return 0 }
    guard request.method == binding.method else { fatalError("method changed: \(request.method)") }
    let parts = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let path = parts[0], template = binding.path.split(separator: "/")
    let segments = path.split(separator: "/")
    guard segments.count == template.count else { fatalError("path \(path) does not fit \(binding.path)") }
    for (segment, pattern) in zip(segments, template) {
        if pattern.hasPrefix("{") {
            guard AuroraIdentifier.isValid(segment), segment != ".", segment != ".." else { fatalError("bad path part \(segment)") }
        } else if segment != pattern {
            fatalError("path \(path) leaves the template \(binding.path)")
        }
    }
    if parts.count == 2 {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%=&".utf8)
        guard parts[1].utf8.allSatisfy(unreserved.contains) else { fatalError("query not encoded: \(parts[1])") }
    }
    if !request.body.isEmpty {
        guard (try? JSONSerialization.jsonObject(with: Data(request.body), options: [.fragmentsAllowed])) != nil else {
            fatalError("body is not JSON")
        }
    }
    return 0
}
