public import AuroraThrift
public import HTTPTransport
public import Kerberos
public import Logging
import Foundation
import Synchronization

/// `SchedulerClient` for Aurora's Thrift-over-HTTP `/api`: our own preemptive SPNEGO header on writes (reads go
/// without one, as Aurora's client sends them, until a 401 shows the scheduler wants it), TJSON or TBinary,
/// 307 leader redirects with a fresh token per host, and Aurora's retry rules.
public final class KerberosSchedulerClient: SchedulerClient {
    public let cluster: ClusterConfig
    private let http: any HTTPClient
    private let credential: KeytabCredential?
    private let logger: Logger
    private let configured: SchedulerEndpoint
    private let leader: Mutex<SchedulerEndpoint?> = Mutex(nil)
    private let retry = RetryPolicy()
    /// Set once a read was challenged (a scheduler or proxy that authenticates `/api` for every call): from then on
    /// reads carry the Negotiate header too.
    private let readsNeedAuthentication = Atomic<Bool>(false)

    /// Builds a client; fails for ZooKeeper-only clusters, bad URIs, or KERBEROS without a credential.
    public init(cluster: ClusterConfig, http: any HTTPClient, credential: KeytabCredential?, logger: Logger) throws(SchedulerError) {
        guard let uri = cluster.schedulerURI else {
            if cluster.zk != nil {
                throw .invalidConfiguration(cluster: cluster.name, detail: "only `zk` is set, and ZooKeeper discovery is not supported yet: set scheduler_uri to the scheduler's (or its proxy's) URL")
            }
            throw .invalidConfiguration(cluster: cluster.name, detail: "scheduler_uri is missing")
        }
        if cluster.authMechanism == .kerberos && credential == nil {
            throw .invalidConfiguration(cluster: cluster.name, detail: "auth_mechanism is KERBEROS but no `kerberos:` section (principal, keytab) is configured")
        }
        configured = try SchedulerEndpoint(schedulerURI: uri, cluster: cluster.name)
        self.cluster = cluster
        self.http = http
        self.credential = credential
        self.logger = logger
    }

    public func call<C: AuroraCall>(_ call: C) async throws(SchedulerError) -> SchedulerReply {
        try await perform(call, authenticate: cluster.authMechanism == .kerberos && (!C.isReadOnly || readsNeedAuthentication.load(ordering: .relaxed)))
    }

    /// `getRoleSummary` with the Negotiate header even where reads go without it, tried once (no retries, so a
    /// readiness check answers promptly): proves the address, TLS and Kerberos.
    public func probe() async throws(SchedulerError) -> SchedulerReply {
        try await perform(GetRoleSummaryArgs(), authenticate: cluster.authMechanism == .kerberos, retrying: false)
    }

    private func perform<C: AuroraCall>(_ call: C, authenticate: Bool, retrying: Bool = true) async throws(SchedulerError) -> SchedulerReply {
        let body = ThriftCodec.encodeCall(call, as: cluster.thriftProtocol)
        let deadline = ContinuousClock.now.advanced(by: retrying ? cluster.retryDeadline : .zero)
        var attempt = 0, exchanges = 0
        while true {
            attempt += 1
            do {
                let (response, endpoint, authenticated) = try await exchange(body, method: C.methodName, readOnly: C.isReadOnly, authenticate: authenticate, exchanges: &exchanges)
                if response.responseCode == .errorTransient, try await pause(attempt: attempt, until: deadline) {
                    logger.debug("scheduler.retry", metadata: ["cluster": "\(cluster.name)", "rpc": "\(C.methodName)", "reason": "ERROR_TRANSIENT"])
                    continue
                }
                return SchedulerReply(response: response, answeredBy: endpoint.apiURL, exchanges: exchanges,
                                      upstreamPrincipal: authenticated ? credential.map { Self.withoutRealm($0.settings.principal) } : nil)
            } catch {
                guard retry.mayRetry(error, readOnly: C.isReadOnly), try await pause(attempt: attempt, until: deadline) else { throw error }
                logger.debug("scheduler.retry", metadata: ["cluster": "\(cluster.name)", "rpc": "\(C.methodName)", "reason": "\(error)"])
            }
        }
    }

    /// Sleeps before the next try; false when the deadline would pass.
    private func pause(attempt: Int, until deadline: ContinuousClock.Instant) async throws(SchedulerError) -> Bool {
        let backoff = retry.backoff(after: attempt)
        guard ContinuousClock.now.advanced(by: backoff) < deadline else { return false }
        do { try await Task.sleep(for: backoff) } catch { return false }
        return true
    }

    /// One logical exchange: follows up to three 307s, re-acquires the ticket once on a 401. Returns whether the
    /// request that was answered carried the Negotiate header.
    private func exchange(_ body: [UInt8], method: String, readOnly: Bool, authenticate: Bool,
                          exchanges: inout Int) async throws(SchedulerError) -> (Response, SchedulerEndpoint, Bool) {
        var endpoint = leader.withLock { $0 } ?? configured
        var chain = [endpoint.apiURL]
        var retriedAuth = false
        var authenticate = authenticate
        while true {
            exchanges += 1
            let response: HTTPResponse
            do {
                response = try await http.send(request(body, to: endpoint, readOnly: readOnly, authenticate: authenticate))
            } catch {
                if case .authorizationFailed(_, let underlying) = error, let kerberos = underlying as? KerberosError {
                    throw .kerberos(cluster: cluster.name, error: kerberos)
                }
                if error.neverReachedServer && endpoint != configured {
                    // The remembered leader is gone: start again from the configured address.
                    leader.withLock { $0 = nil }
                    endpoint = configured
                    chain.append(endpoint.apiURL)
                    continue
                }
                throw .transport(cluster: cluster.name, error: error)
            }
            switch response.status {
            case 200:
                let kind = ThriftProtocolKind(contentType: response.header("Content-Type")) ?? cluster.thriftProtocol
                do {
                    let decoded = try ThriftCodec.decodeReply(response.body, method: method, as: kind)
                    if endpoint != configured { leader.withLock { $0 = endpoint } }
                    return (decoded, endpoint, authenticate)
                } catch let error as ThriftError {
                    if case .applicationException(let exception) = error {
                        throw .applicationException(cluster: cluster.name, method: method, exception: exception)
                    }
                    throw .protocolError(cluster: cluster.name, url: endpoint.apiURL, error: error)
                } catch {
                    throw .protocolError(cluster: cluster.name, url: endpoint.apiURL, error: .truncated(offset: 0))
                }
            case 307, 308:
                // Only Aurora's leader redirect (307, method and body kept) is followed, never a downgrade to http.
                let location = response.redirectURL ?? response.header("Location") ?? ""
                guard let target = SchedulerEndpoint(redirect: location),
                      !(endpoint.apiURL.hasPrefix("https:") && !target.apiURL.hasPrefix("https:")) else {
                    throw .badRedirect(cluster: cluster.name, url: endpoint.apiURL, location: location)
                }
                guard chain.count <= 3 else { throw .tooManyRedirects(cluster: cluster.name, chain: chain + [target.apiURL]) }
                logger.debug("scheduler.redirect", metadata: ["cluster": "\(cluster.name)", "from": "\(endpoint.apiURL)", "to": "\(target.apiURL)"])
                endpoint = target
                chain.append(target.apiURL)
            case 401 where cluster.authMechanism == .kerberos && !authenticate:
                // A read was challenged: this scheduler (or its proxy) authenticates every call.
                authenticate = true
                readsNeedAuthentication.store(true, ordering: .relaxed)
                logger.info("scheduler.reads_need_authentication", metadata: ["cluster": "\(cluster.name)", "url": "\(endpoint.apiURL)"])
            case 401 where cluster.authMechanism == .kerberos && !retriedAuth:
                retriedAuth = true
                credential?.invalidate()
            case 401 where cluster.authMechanism != .kerberos:
                throw .authenticationRequired(cluster: cluster.name, url: endpoint.apiURL)
            case 401:
                throw .authenticationRejected(cluster: cluster.name, url: endpoint.apiURL,
                                              servicePrincipal: servicePrincipal(for: endpoint),
                                              principal: credential?.settings.principal)
            case 415:
                throw .unsupportedMediaType(cluster: cluster.name, url: endpoint.apiURL, contentType: cluster.thriftProtocol.contentType)
            case 503:
                throw .unavailable(cluster: cluster.name, url: endpoint.apiURL)
            default:
                throw .unexpectedStatus(cluster: cluster.name, url: endpoint.apiURL, status: response.status,
                                        body: Self.snippet(response.body))
            }
        }
    }

    private func request(_ body: [UInt8], to endpoint: SchedulerEndpoint, readOnly: Bool, authenticate: Bool) -> HTTPRequest {
        let contentType = cluster.thriftProtocol.contentType
        var authorization: (@Sendable () throws -> String)?
        if authenticate, let credential, let spn = servicePrincipal(for: endpoint) {
            authorization = { try credential.negotiateHeader(for: spn) }
        }
        return HTTPRequest(
            url: endpoint.apiURL, method: "POST",
            headers: [HTTPHeader("Content-Type", contentType), HTTPHeader("Accept", contentType),
                      HTTPHeader("User-Agent", "aurora-gateway")],
            body: body, timeout: cluster.timeout, connectTimeout: cluster.connectTimeout,
            caBundle: cluster.caBundle, authorization: authorization, resendable: readOnly)
    }

    /// `service_principal` verbatim, else `HTTP/<host answering>@<gateway realm>`.
    private func servicePrincipal(for endpoint: SchedulerEndpoint) -> String? {
        guard cluster.authMechanism == .kerberos else { return nil }
        return cluster.servicePrincipal ?? credential?.defaultServicePrincipal(host: endpoint.host)
    }

    static func withoutRealm(_ principal: String) -> String {
        principal.split(separator: "@", maxSplits: 1).first.map(String.init) ?? principal
    }

    static func snippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        let stripped = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return stripped.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
