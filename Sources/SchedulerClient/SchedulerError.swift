public import AuroraThrift
public import HTTPTransport
public import Kerberos

/// Why a scheduler call failed, in words that name the cluster, the URL and the fix.
public enum SchedulerError: Error, CustomStringConvertible {
    /// No cluster of that name is configured.
    case unknownCluster(name: String, known: [String])
    /// The cluster's configuration cannot work (bad URI, ZooKeeper-only, …).
    case invalidConfiguration(cluster: String, detail: String)
    /// The gateway could not obtain a ticket or token.
    case kerberos(cluster: String, error: KerberosError)
    /// The HTTP exchange failed.
    case transport(cluster: String, error: TransportError)
    /// The scheduler answered 401 to our token.
    case authenticationRejected(cluster: String, url: String, servicePrincipal: String?, principal: String?)
    /// The scheduler refused our Content-Type (415).
    case unsupportedMediaType(cluster: String, url: String, contentType: String)
    /// 503: no leader elected, or the scheduler is starting.
    case unavailable(cluster: String, url: String)
    /// A redirect without a usable Location, or one that would downgrade https to http.
    case badRedirect(cluster: String, url: String, location: String)
    /// A 401 from a cluster configured UNAUTHENTICATED.
    case authenticationRequired(cluster: String, url: String)
    /// More than three 307s in a row.
    case tooManyRedirects(cluster: String, chain: [String])
    /// Any other unexpected HTTP status.
    case unexpectedStatus(cluster: String, url: String, status: Int, body: String)
    /// The body was not a Thrift reply of the expected shape.
    case protocolError(cluster: String, url: String, error: ThriftError)
    /// The scheduler answered with a TApplicationException.
    case applicationException(cluster: String, method: String, exception: TApplicationException)

    /// True when nothing reached the scheduler's handler, so a write may be resent.
    public var neverReachedScheduler: Bool {
        switch self {
        case .unknownCluster, .invalidConfiguration, .kerberos, .unsupportedMediaType, .authenticationRejected,
             .authenticationRequired, .badRedirect: return true
        case .transport(_, let error): return error.neverReachedServer
        default: return false
        }
    }

    /// True when no KDC answered for a ticket the gateway needed: an outage to wait out, not a misconfiguration.
    public var isKDCOutage: Bool {
        if case .kerberos(_, .kdcUnreachable) = self { return true }
        return false
    }

    /// True when a read-only call may simply be tried again.
    public var isTransient: Bool {
        switch self {
        case .transport, .unavailable, .protocolError: return true
        case .unexpectedStatus(_, _, let status, _): return status >= 500
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .unknownCluster(let name, let known):
            return "unknown cluster \"\(name)\": configured clusters are \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        case .invalidConfiguration(let cluster, let detail):
            return "cluster \(cluster): \(detail)"
        case .kerberos(let cluster, let error):
            return "cluster \(cluster): \(error)"
        case .transport(let cluster, let error):
            return "cluster \(cluster): \(error)"
        case .authenticationRejected(let cluster, let url, let spn, let principal):
            let who = principal.map { " the ticket of \($0)" } ?? " the request"
            let target = spn.map { " for service principal \($0)" } ?? ""
            return "cluster \(cluster): the scheduler at \(url) rejected\(who)\(target) (HTTP 401): set the cluster's service_principal to the scheduler's -kerberos_server_principal and check that the scheduler's keytab matches the KDC"
        case .unsupportedMediaType(let cluster, let url, let contentType):
            return "cluster \(cluster): the scheduler at \(url) refused Content-Type \(contentType) (HTTP 415): set the cluster's protocol to json for schedulers older than 0.17"
        case .unavailable(let cluster, let url):
            return "cluster \(cluster): the scheduler at \(url) is unavailable (HTTP 503, no leader elected or starting up)"
        case .badRedirect(let cluster, let url, let location):
            return "cluster \(cluster): \(url) redirected to \"\(location)\", which the gateway does not follow (only an http(s) Location, and never from https to http): check the scheduler's -hostname and the proxy in front of it"
        case .authenticationRequired(let cluster, let url):
            return "cluster \(cluster): the scheduler at \(url) demands Kerberos (HTTP 401): set the cluster's auth_mechanism to KERBEROS and configure the kerberos: section"
        case .tooManyRedirects(let cluster, let chain):
            return "cluster \(cluster): more than 3 leader redirects (\(chain.joined(separator: " -> "))): the schedulers disagree about the leader"
        case .unexpectedStatus(let cluster, let url, let status, let body):
            return "cluster \(cluster): the scheduler at \(url) answered HTTP \(status)\(body.isEmpty ? "" : ": \(body)")"
        case .protocolError(let cluster, let url, let error):
            return "cluster \(cluster): the answer from \(url) is not a valid Thrift reply (\(error)): check that scheduler_uri points at an Aurora scheduler"
        case .applicationException(let cluster, let method, let exception):
            return "cluster \(cluster): the scheduler failed \(method): \(exception.message ?? "no message")"
        }
    }
}
