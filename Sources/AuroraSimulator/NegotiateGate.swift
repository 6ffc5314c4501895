import Foundation
import Kerberos

/// Accepts one SPNEGO token and names the client principal; `SPNEGOAcceptor` in production, a fake in tests.
protocol NegotiateAcceptor: Sendable {
    func accept(token: [UInt8]) async throws -> String
}

extension SPNEGOAcceptor: NegotiateAcceptor {}

/// What the SPNEGO check made of a request's `Authorization` header.
enum AuthOutcome: Equatable {
    /// Authentication is off: everyone is `UNSECURE`.
    case unsecured
    /// Authentication is on but the request carries no `Authorization`: only read-only RPCs may run.
    case anonymous
    /// A valid token for this principal (realm stripped).
    case authenticated(String)
    /// The header is not exactly `Negotiate <base64>`: HTTP 400.
    case malformed
    /// The token was refused: HTTP 401 with `WWW-Authenticate: Negotiate`.
    case rejected(String)

    /// The name Aurora writes into audit messages for this caller.
    var user: String {
        if case .authenticated(let principal) = self { return principal }
        return "UNSECURE"
    }
}

/// The scheduler's `ShiroKerberosPermissiveAuthenticationFilter`: a present header must be a valid
/// single-round Negotiate token; an absent one lets the request through unauthenticated.
struct NegotiateGate: Sendable {
    let acceptor: (any NegotiateAcceptor)?

    var isEnabled: Bool { acceptor != nil }

    init(acceptor: (any NegotiateAcceptor)?) {
        self.acceptor = acceptor
    }

    /// Loads the keytab when SPNEGO is configured.
    init(_ spnego: SimulatorConfiguration.SPNEGO?) throws {
        acceptor = try spnego.map { try SPNEGOAcceptor(keytab: $0.keytab, principal: $0.principal) }
    }

    func check(authorization header: String?) async -> AuthOutcome {
        guard let acceptor else { return .unsecured }
        guard let header else { return .anonymous }
        // Byte-wise: splitting a kilobyte-long header by Characters cost more than the Kerberos check itself.
        let scheme = "Negotiate ".utf8
        guard header.utf8.starts(with: scheme) else { return .malformed }
        let encoded = header.utf8.dropFirst(scheme.count)
        guard !encoded.contains(UInt8(ascii: " ")), let token = Data(base64Encoded: Data(encoded)), !token.isEmpty else {
            return .malformed
        }
        do {
            return .authenticated(principalWithoutRealm(try await acceptor.accept(token: [UInt8](token))))
        } catch {
            return .rejected("\(error)")
        }
    }
}
