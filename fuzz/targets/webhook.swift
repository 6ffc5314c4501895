/// libFuzzer target: the GitHub webhook payload parser (run only after the signature matched, but a repository's
/// own secret holders are not to be trusted blindly either). Input: the event name, a newline, the JSON body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebhook(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let split = bytes.firstIndex(of: 10) ?? 0
    let event = String(decoding: bytes[..<split], as: UTF8.self)
    _ = try? GitHubEvent.parse(event: event, body: Array(bytes[min(split + 1, bytes.count)...]))
    for name in ["pull_request", "issue_comment", "ping"] { _ = try? GitHubEvent.parse(event: name, body: bytes) }
    return 0
}
