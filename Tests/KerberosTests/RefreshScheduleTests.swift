import Foundation
@testable import Kerberos
import Testing

@Suite("When the credential is re-acquired")
struct RefreshScheduleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("renew_before ahead of the end for a long ticket")
    func longTicket() {
        let refresh = KeytabCredential.refreshTime(acquired: start, expires: start.addingTimeInterval(36_000), renewBefore: .seconds(900))
        #expect(refresh == start.addingTimeInterval(36_000 - 900))
    }

    @Test("never before half the lifetime, so a short ticket does not spin")
    func shortTicket() {
        let refresh = KeytabCredential.refreshTime(acquired: start, expires: start.addingTimeInterval(60), renewBefore: .seconds(900))
        #expect(refresh == start.addingTimeInterval(30))
    }

    @Test("failed attempts back off up to 30 seconds")
    func backoff() {
        #expect(KeytabCredential.retryDelay(failures: 1) == 1)
        #expect(KeytabCredential.retryDelay(failures: 3) == 4)
        #expect(KeytabCredential.retryDelay(failures: 20) == 30)
    }
}
