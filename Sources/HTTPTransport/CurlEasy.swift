import CCurl
import Foundation

/// One libcurl easy handle, confined to one pool thread and reused so its connection stays alive.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    init() {
        Self.globalInit
        handle = curl_easy_init()!
    }

    deinit { curl_easy_cleanup(handle) }

    /// Performs one request on this handle.
    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, TransportError> {
        curl_easy_reset(handle)
        var authorizationValue: String?
        if let authorization = request.authorization {
            do { authorizationValue = try authorization() } catch {
                return .failure(.authorizationFailed(url: request.url, underlying: error))
            }
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in request.headers { list = curl_slist_append(list, "\(header.name): \(header.value)") }
        if let authorizationValue { list = curl_slist_append(list, "Authorization: \(authorizationValue)") }
        list = curl_slist_append(list, "Expect:")
        defer { curl_slist_free_all(list) }

        let sink = ResponseSink(limit: request.maxResponseBytes)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        setLong(CURLOPT_NOSIGNAL, 1)
        setLong(CURLOPT_FOLLOWLOCATION, 0)
        setLong(CURLOPT_TCP_NODELAY, 1)
        if !request.resendable { setLong(CURLOPT_FRESH_CONNECT, 1) }
        setLong(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        setLong(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        _ = ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, ResponseSink.writeBody)
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer)
        _ = ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, ResponseSink.writeHeader)
        _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer)
        if let caBundle = request.caBundle { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, caBundle) }
        errorBuffer[0] = 0
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress)
            return request.body.withUnsafeBytes { body in
                switch request.method {
                case "GET": setLong(CURLOPT_HTTPGET, 1)
                case "POST": setLong(CURLOPT_POST, 1)
                case "HEAD": setLong(CURLOPT_NOBODY, 1)   // the answer's Content-Length is not followed by a body
                default: _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
                }
                if request.method != "GET" && request.method != "HEAD" {
                    _ = ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                    _ = ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
                }
                return curl_easy_perform(handle)
            }
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        withExtendedLifetime(sink) {}
        guard code == CURLE_OK else { return .failure(error(code, request: request, sink: sink)) }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var redirect: UnsafeMutablePointer<CChar>?
        _ = ccurl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &redirect)
        var firstByte: curl_off_t = 0, total: curl_off_t = 0
        _ = ccurl_getinfo_off(handle, CURLINFO_STARTTRANSFER_TIME_T, &firstByte)
        _ = ccurl_getinfo_off(handle, CURLINFO_TOTAL_TIME_T, &total)
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body,
                                     redirectURL: redirect.map { String(cString: $0) }, timing: (Int64(firstByte), Int64(total))))
    }

    private func setLong(_ option: CURLoption, _ value: Int) {
        _ = ccurl_setopt_long(handle, option, value)
    }

    private func error(_ code: CURLcode, request: HTTPRequest, sink: ResponseSink) -> TransportError {
        let written = errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let detail = written.isEmpty ? String(cString: curl_easy_strerror(code)) : String(decoding: written, as: UTF8.self)
        var sent: curl_off_t = 0
        _ = ccurl_getinfo_off(handle, CURLINFO_PRETRANSFER_TIME_T, &sent)
        let url = request.url
        switch code {
        case CURLE_COULDNT_CONNECT: return .connectionRefused(url: url, detail: detail)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .hostNotFound(url: url, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return sent == 0 ? .connectTimeout(url: url, after: request.connectTimeout) : .timeout(url: url, after: request.timeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return .tls(url: url, caBundle: request.caBundle, detail: detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidURL(url: url, detail: detail)
        case CURLE_WRITE_ERROR where sink.overflow: return .responseTooLarge(url: url, limit: request.maxResponseBytes)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connectionLost(url: url, detail: detail)
        default: return .other(url: url, code: Int(code.rawValue), detail: detail)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// Collects a response's headers and body from libcurl's callbacks.
final class ResponseSink {
    var body: [UInt8] = []
    var headers: [HTTPHeader] = []
    var overflow = false
    let limit: Int

    init(limit: Int) { self.limit = limit }

    static let writeBody: ccurl_data_cb = { pointer, size, count, userdata in
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
        let bytes = size * count
        guard sink.body.count + bytes <= sink.limit else {
            sink.overflow = true
            return 0
        }
        if let pointer { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: bytes)) }
        return bytes
    }

    static let writeHeader: ccurl_data_cb = { pointer, size, count, userdata in
        let sink = Unmanaged<ResponseSink>.fromOpaque(userdata!).takeUnretainedValue()
        let bytes = size * count
        guard let pointer else { return bytes }
        // Bytes, not Foundation trimming: this runs for every header of every scheduler answer.
        let line = UnsafeRawBufferPointer(start: pointer, count: bytes)
        if line.starts(with: "HTTP/".utf8) {
            sink.headers.removeAll()
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
            var start = colon + 1
            var end = line.count
            while start < end && blank(line[start]) { start += 1 }
            while end > start && blank(line[end - 1]) { end -= 1 }
            sink.headers.append(HTTPHeader(String(decoding: line[..<colon], as: UTF8.self),
                                           String(decoding: line[start..<end], as: UTF8.self)))
        }
        return bytes
    }
}
