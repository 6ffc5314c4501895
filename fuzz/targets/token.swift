/// libFuzzer target: the API token parser every `Authorization: Bearer` header meets first (length, prefix,
/// alphabet, CRC32 checksum). Any input must parse or throw a `TokenFormatError` that does not echo it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzToken(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        _ = try TokenSecret(parsing: text)
    } catch {
        if count > 8 && String(describing: error).contains(text) { fatalError("a token format error repeats the token") }
    }
    return 0
}
