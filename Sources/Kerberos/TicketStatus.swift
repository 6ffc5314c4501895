public import Foundation

/// What the gateway knows about its own ticket: for readiness, metrics and `check`.
public struct TicketStatus: Sendable {
    /// The gateway's principal.
    public let principal: String
    /// When the current credential was acquired; nil before the first success.
    public let acquiredAt: Date?
    /// When the current ticket expires; nil before the first success.
    public let expiresAt: Date?
    /// When the credential will next be re-acquired.
    public let refreshAt: Date?
    /// The last acquisition failure, cleared by the next success.
    public let lastError: KerberosError?

    /// Seconds until the ticket expires (negative once expired); nil without a ticket.
    public func secondsToExpiry(now: Date = Date()) -> Double? {
        expiresAt.map { $0.timeIntervalSince(now) }
    }

    /// True while a ticket exists and has not expired.
    public func isValid(now: Date = Date()) -> Bool {
        (secondsToExpiry(now: now) ?? -1) > 0
    }
}

/// The settings of the gateway's own Kerberos identity (config `kerberos:`).
public struct KerberosSettings: Sendable {
    /// The gateway's principal, e.g. `aurora-gw/gw.example.org@EXAMPLE.ORG`.
    public var principal: String
    /// The keytab file holding the principal's key.
    public var keytab: String
    /// Re-acquire this long before the ticket expires.
    public var renewBefore: Duration

    /// Creates settings; `renewBefore` defaults to 15 minutes like the contract's example.
    public init(principal: String, keytab: String, renewBefore: Duration = .seconds(15 * 60)) {
        self.principal = principal
        self.keytab = keytab
        self.renewBefore = renewBefore
    }
}
