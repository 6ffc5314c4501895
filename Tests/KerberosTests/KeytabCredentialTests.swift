import Foundation
import Kerberos
import TestSupport
import Testing

@Suite("Kerberos against a real MIT KDC")
struct KeytabCredentialTests {
    @Test("a ticket from the keytab, and a token the scheduler's acceptor takes")
    func acquireAndAccept() async throws {
        let kdc = try await TestKDC.shared()
        let credential = try KeytabCredential(settings: .init(principal: kdc.gatewayPrincipal, keytab: kdc.keytab("gateway.keytab")))
        let status = try await credential.acquire()
        #expect(status.principal == "aurora-gw/localhost@AGW.TEST")
        let seconds = try #require(status.secondsToExpiry())
        #expect(seconds > 9 * 3600 && seconds <= 10 * 3600 + 5)

        let header = try credential.negotiateHeader(for: "HTTP/localhost@\(kdc.realm)")
        #expect(header.hasPrefix("Negotiate "))
        let token = try #require(Data(base64Encoded: String(header.dropFirst("Negotiate ".count))))
        let acceptor = try SPNEGOAcceptor(keytab: kdc.keytab("http-localhost.keytab"), principal: "HTTP/localhost@\(kdc.realm)")
        let client = try await acceptor.accept(token: Array(token))
        #expect(client == "aurora-gw/localhost@AGW.TEST")
    }

    @Test("a token for another host's principal is refused by this host's acceptor")
    func wrongServicePrincipal() async throws {
        let kdc = try await TestKDC.shared()
        let credential = try KeytabCredential(settings: .init(principal: kdc.gatewayPrincipal, keytab: kdc.keytab("gateway.keytab")))
        let header = try credential.negotiateHeader(for: "HTTP/127.0.0.1@\(kdc.realm)")
        let token = try #require(Data(base64Encoded: String(header.dropFirst("Negotiate ".count))))
        let acceptor = try SPNEGOAcceptor(keytab: kdc.keytab("http-localhost.keytab"), principal: "HTTP/localhost@\(kdc.realm)")
        await #expect(throws: KerberosError.self) { try await acceptor.accept(token: Array(token)) }
    }

    @Test("a missing keytab names the file")
    func missingKeytab() async throws {
        let kdc = try await TestKDC.shared()
        let credential = try KeytabCredential(settings: .init(principal: kdc.gatewayPrincipal, keytab: "/nonexistent/gw.keytab"))
        let error = await #expect(throws: KerberosError.self) { try await credential.acquire() }
        #expect(error == .keytabMissing(keytab: "/nonexistent/gw.keytab"))
        #expect(error?.description.contains("/nonexistent/gw.keytab") == true)
        #expect(credential.status.lastError == error)
    }

    @Test("a keytab without the principal names both and lists what it holds")
    func principalNotInKeytab() async throws {
        let kdc = try await TestKDC.shared()
        let credential = try KeytabCredential(settings: .init(principal: kdc.gatewayPrincipal, keytab: kdc.keytab("http-localhost.keytab")))
        let error = await #expect(throws: KerberosError.self) { try await credential.acquire() }
        guard case .principalNotInKeytab(let principal, let keytab, let found)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(principal == "aurora-gw/localhost@AGW.TEST")
        #expect(keytab == kdc.keytab("http-localhost.keytab"))
        #expect(found == ["HTTP/localhost@AGW.TEST"])
        #expect(error!.description.contains("HTTP/localhost@AGW.TEST"))
    }

    @Test("a realm whose KDC does not answer is reported as unreachable")
    func kdcUnreachable() async throws {
        let kdc = try await TestKDC.shared()
        let credential = try KeytabCredential(settings: .init(principal: "gw/localhost@DEAD.TEST", keytab: kdc.keytab("dead.keytab")))
        let error = await #expect(throws: KerberosError.self) { try await credential.acquire() }
        guard case .kdcUnreachable(let realm, _)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(realm == "DEAD.TEST")
    }

    @Test("a service principal the KDC does not know is named in the error")
    func unknownServerPrincipal() async throws {
        let kdc = try await TestKDC.shared()
        let credential = try KeytabCredential(settings: .init(principal: kdc.gatewayPrincipal, keytab: kdc.keytab("gateway.keytab")))
        let error = #expect(throws: KerberosError.self) { try credential.negotiateHeader(for: "HTTP/nowhere.example@\(kdc.realm)") }
        #expect(error == .unknownServerPrincipal(principal: "HTTP/nowhere.example@AGW.TEST"))
    }

    @Test("a ticket that expired is re-acquired on demand and still makes accepted tokens")
    func reacquireAfterExpiry() async throws {
        let kdc = try await TestKDC.shared()
        let credential = try KeytabCredential(settings: .init(
            principal: "shortlived/localhost@\(kdc.realm)", keytab: kdc.keytab("shortlived.keytab"), renewBefore: .seconds(10)))
        let first = try await credential.acquire()
        let firstExpiry = try #require(first.expiresAt)
        #expect(try #require(first.secondsToExpiry()) <= 61)
        let acceptor = try SPNEGOAcceptor(keytab: kdc.keytab("http-localhost.keytab"), principal: nil)
        // Wait (bounded) until the first ticket has really expired.
        while Date() < firstExpiry.addingTimeInterval(1) { try await Task.sleep(for: .milliseconds(500)) }
        let header = try await Task.detached { try credential.negotiateHeader(for: "HTTP/localhost@\(kdc.realm)") }.value
        let token = try #require(Data(base64Encoded: String(header.dropFirst("Negotiate ".count))))
        #expect(try await acceptor.accept(token: Array(token)) == "shortlived/localhost@AGW.TEST")
        let second = try #require(credential.status.expiresAt)
        #expect(second > firstExpiry)
    }

    @Test("principal names are parsed strictly")
    func principalParsing() throws {
        let p = try Principal(parsing: "aurora-gw/gw.example.org@EXAMPLE.ORG")
        #expect(p.name == "aurora-gw/gw.example.org")
        #expect(p.realm == "EXAMPLE.ORG")
        #expect(throws: KerberosError.self) { try Principal(parsing: "a@b@c") }
        #expect(throws: KerberosError.self) { try Principal(parsing: "a//b@R") }
        #expect(throws: KerberosError.self) { try Principal(parsing: "x@") }
    }
}
