/// Every way the gateway's Kerberos setup can fail, each naming the cause and the fix.
public enum KerberosError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configured keytab file does not exist.
    case keytabMissing(keytab: String)
    /// The keytab exists but this process cannot read it.
    case keytabUnreadable(keytab: String, reason: String)
    /// The keytab holds no key for the configured principal.
    case principalNotInKeytab(principal: String, keytab: String, found: [String])
    /// The keytab's key no longer matches the KDC's (rotated key, stale kvno).
    case keytabKeyRejected(principal: String, keytab: String)
    /// The KDC does not know the gateway's own principal.
    case clientPrincipalUnknown(principal: String)
    /// No KDC for the realm answered.
    case kdcUnreachable(realm: String, detail: String)
    /// The clocks of this host and the KDC or scheduler differ too much.
    case clockSkew(detail: String)
    /// The KDC does not know the scheduler's service principal.
    case unknownServerPrincipal(principal: String)
    /// A principal name that cannot be parsed.
    case invalidPrincipal(name: String, detail: String)
    /// The credential expired and could not be re-acquired.
    case ticketExpired(principal: String, detail: String)
    /// An incoming SPNEGO token was rejected (acceptor side).
    case tokenRejected(detail: String)
    /// Any other GSSAPI failure, with the library's own words.
    case gss(operation: String, detail: String)

    public var description: String {
        switch self {
        case .keytabMissing(let keytab):
            return "keytab \(keytab) does not exist: set kerberos.keytab to the keytab file that holds the gateway's principal"
        case .keytabUnreadable(let keytab, let reason):
            return "keytab \(keytab) cannot be read (\(reason)): give the gateway's user read permission on it (mode 0400 or 0600, owned by that user)"
        case .principalNotInKeytab(let principal, let keytab, let found):
            let has = found.isEmpty ? "no principals" : found.joined(separator: ", ")
            return "principal \(principal) is not in keytab \(keytab) (it holds \(has)): set kerberos.principal to one of those, or add the principal with `ktadd`"
        case .keytabKeyRejected(let principal, let keytab):
            return "the KDC rejected the key for \(principal) from keytab \(keytab) (the key was probably rotated): export a fresh keytab for that principal"
        case .clientPrincipalUnknown(let principal):
            return "the KDC does not know principal \(principal): check kerberos.principal (spelling and realm) or ask the KDC admins to create it"
        case .kdcUnreachable(let realm, let detail):
            return "no KDC for realm \(realm) answered (\(detail)): check the realm's `kdc` entries in KRB5_CONFIG or /etc/krb5.conf and that the KDC is reachable"
        case .clockSkew(let detail):
            return "clock skew too great (\(detail)): synchronise this host's clock (NTP) with the KDC and the scheduler"
        case .unknownServerPrincipal(let principal):
            return "the KDC does not know service principal \(principal): set the cluster's service_principal to the scheduler's -kerberos_server_principal"
        case .invalidPrincipal(let name, let detail):
            return "principal name \"\(name)\" is not valid (\(detail)): write it as primary/instance@REALM"
        case .ticketExpired(let principal, let detail):
            return "the ticket for \(principal) expired and could not be re-acquired (\(detail)): check that the KDC is reachable"
        case .tokenRejected(let detail):
            return "SPNEGO token rejected: \(detail)"
        case .gss(let operation, let detail):
            return "\(operation) failed: \(detail)"
        }
    }
}
