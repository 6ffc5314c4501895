import AuroraThrift
import HTTPTypes
import Hummingbird
import NIOCore

/// Hummingbird's response (AuroraThrift has a `Response` too).
typealias HTTPReply = Hummingbird.Response

/// Serves `/api` the way Aurora's filter chain and `TContentAwareServlet` do: leader redirect,
/// SPNEGO, content negotiation, Thrift decoding, write-RPC authentication, dispatch.
struct APIEndpoint: Sendable {
    let configuration: SimulatorConfiguration
    let state: SchedulerState
    let faults: FaultInjector
    let stats: SimulatorStats
    let gate: NegotiateGate
    let replies: Replies

    static let bypassHeader = HTTPField.Name("Bypass-Leader-Redirect")!

    func respond(to request: Request) async -> HTTPReply {
        stats.record { $0.requests += 1 }
        if let leader = configuration.redirectTo, request.headers[Self.bypassHeader] == nil {
            stats.record { $0.redirects += 1 }
            let query = request.uri.query.map { "?\($0)" } ?? ""
            return HTTPReply(status: .temporaryRedirect, headers: [.location: leader + "/api" + query])
        }
        var transient = false
        if let fault = faults.consume() {
            stats.record { $0.faultsInjected += 1 }
            if let delay = fault.delay { try? await Task.sleep(for: delay) }
            if let status = fault.httpStatus { return Self.faultResponse(status: status) }
            if fault.garbage { return Self.text(.ok, "<html><body>Not a Thrift message</body></html>", type: "text/html") }
            transient = fault.errorTransient
        }

        let auth = await gate.check(authorization: request.headers[.authorization])
        switch auth {
        case .malformed:
            stats.record { $0.authFailures += 1 }
            return Self.text(.badRequest, "Authorization header must be 'Negotiate <base64 token>'.")
        case .rejected:
            stats.record { $0.authFailures += 1 }
            return Self.challenge()
        case .anonymous where configuration.spnego?.challengesReads == true:
            stats.record { $0.authFailures += 1 }
            return Self.challenge()
        case .unsecured, .anonymous, .authenticated:
            break
        }

        guard let input = ThriftProtocolKind(contentType: request.headers[.contentType]) else {
            return Self.text(.unsupportedMediaType, "Unsupported Content-Type")
        }
        let output = ThriftProtocolKind.forAccept(request.headers[.accept])
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            return Self.text(.contentTooLarge, "Request body larger than \(configuration.maxBodyBytes) bytes")
        }
        let call: IncomingCall
        do {
            call = try ThriftCodec.readCall(Array(buffer: body), as: input)
        } catch {
            return Self.text(.internalServerError, "Unreadable Thrift message: \(error)")
        }
        let method = call.header.name
        let seqid = call.header.seqid
        stats.record { $0.methods[method, default: 0] += 1 }

        if transient {
            return reply(replies.transient("Storage is not READY"), method: method, seqid: seqid, as: output)
        }
        guard let route = RPCTable.routes[method] else {
            let exception = TApplicationException(.unknownMethod, message: "Invalid method name: '\(method)'")
            return thrift(ThriftCodec.encodeException(exception, method: method, seqid: seqid, as: output), as: output)
        }
        if auth == .anonymous, !route.isReadOnly {
            stats.record { $0.authFailures += 1 }
            return Self.challenge()
        }
        do {
            let response = try await route.invoke(call, state, auth.user)
            return reply(response, method: method, seqid: seqid, as: output)
        } catch {
            let exception = TApplicationException(.protocolError, message: "Cannot read arguments of \(method): \(error)")
            return thrift(ThriftCodec.encodeException(exception, method: method, seqid: seqid, as: output), as: output)
        }
    }

    // MARK: - Responses

    private func reply(_ response: AuroraThrift.Response, method: String, seqid: Int32, as kind: ThriftProtocolKind) -> HTTPReply {
        thrift(ThriftCodec.encodeReply(response, method: method, seqid: seqid, as: kind), as: kind)
    }

    private func thrift(_ bytes: [UInt8], as kind: ThriftProtocolKind) -> HTTPReply {
        HTTPReply(
            status: .ok,
            headers: [.contentType: kind.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    static func text(_ status: HTTPResponse.Status, _ text: String, type: String = "text/plain; charset=utf-8") -> HTTPReply {
        HTTPReply(status: status, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 401 with the Negotiate challenge, as Aurora's Kerberos filter sends it.
    static func challenge() -> HTTPReply {
        HTTPReply(status: .unauthorized, headers: [.wwwAuthenticate: "Negotiate"])
    }

    /// An injected HTTP failure; 503 carries Aurora's "no leader" page.
    static func faultResponse(status: Int) -> HTTPReply {
        let status = HTTPResponse.Status(code: status)
        guard status.code == 503 else { return text(status, "Injected failure \(status.code)") }
        return text(status, """
            <html>
            <head><title>No leader</title></head>
            <body>
            <h2>No leader found</h2>
            <p>This scheduler is not the leader, and no leading scheduler could be found. Please retry later.</p>
            </body>
            </html>
            """, type: "text/html; charset=utf-8")
    }
}
