import Directory
import Foundation
import GatewayCore
import TestSupport
import Testing

@Suite("LDAPDirectory against a real slapd with an xldap-shaped DIT")
struct LDAPDirectoryTests {
    func settings(_ ldap: TestSLAPD, nested: NestedGroups = .expand) -> LDAPSettings {
        LDAPSettings(url: ldap.url, userFilter: "(&(objectClass=inetOrgPerson)(cn={login}))", nested: nested)
    }

    @Test("direct memberships under the e-groups OU, names from the first RDN, other OUs ignored")
    func directGroups() async throws {
        let ldap = try await TestSLAPD.shared()
        let groups = try await LDAPDirectory(settings: settings(ldap, nested: .none)).groups(of: "alice")
        #expect(Set(groups ?? []) == ["alice-aurora-users", "alice-aurora-mesostest"])
    }

    @Test("nested groups are expanded by the gateway, and only with expansion")
    func nested() async throws {
        let ldap = try await TestSLAPD.shared()
        #expect(try await LDAPDirectory(settings: settings(ldap, nested: .none)).groups(of: "carol") == ["alice-aurora-devs"])
        let expanded = try await LDAPDirectory(settings: settings(ldap)).groups(of: "carol")
        #expect(Set(expanded ?? []) == ["alice-aurora-devs", "alice-aurora-mesostest"])
    }

    @Test("unknown users, and logins that try filter injection, are not found", arguments: ["nosuchuser", "*", "alice)(cn=*", "a*", "\\2a"])
    func notFound(login: String) async throws {
        let ldap = try await TestSLAPD.shared()
        #expect(try await LDAPDirectory(settings: settings(ldap)).groups(of: login) == nil)
    }

    @Test("a refused bind and an unreachable server are directory errors naming what to check")
    func failures() async throws {
        let ldap = try await TestSLAPD.shared()
        var wrong = settings(ldap)
        wrong.bindDN = ldap.adminDN
        wrong.bindPassword = "not-the-password"
        let bind = await #expect(throws: DirectoryError.self) { try await LDAPDirectory(settings: wrong).groups(of: "alice") }
        #expect(bind?.detail.contains("bind_dn") == true)
        #expect(bind?.description.contains("not-the-password") == false)
        var down = settings(ldap)
        down.url = "ldap://127.0.0.1:1"
        down.timeoutSeconds = 2
        let unreachable = await #expect(throws: DirectoryError.self) { try await LDAPDirectory(settings: down).groups(of: "alice") }
        #expect(unreachable?.detail.contains("ldap://127.0.0.1:1") == true)
    }

    @Test("taking a user out of an e-group removes it once the cache entry expires")
    func removalWithinTTL() async throws {
        let ldap = try await TestSLAPD.shared()
        let clock = MovableClock()
        let cache = CachingDirectory(backend: LDAPDirectory(settings: settings(ldap)), ttl: .seconds(300), now: clock.now)
        #expect(try await cache.membership(of: "bob").groups == ["alice-aurora-users"])
        try await ldap.modify("""
        dn: CN=alice-aurora-users,OU=e-groups,OU=Workgroups,DC=cern,DC=ch
        changetype: modify
        delete: member
        member: CN=bob,OU=Users,OU=Organic Units,DC=cern,DC=ch

        """)
        #expect(try await cache.membership(of: "bob").groups == ["alice-aurora-users"])
        clock.advance(301)
        #expect(try await cache.membership(of: "bob").groups == [])
        // The slapd is shared by the whole run (and by reruns against the same one): put bob back.
        try await ldap.modify("""
        dn: CN=alice-aurora-users,OU=e-groups,OU=Workgroups,DC=cern,DC=ch
        changetype: modify
        add: member
        member: CN=bob,OU=Users,OU=Organic Units,DC=cern,DC=ch

        """)
    }

    @Test("RFC 4515 escaping and DN helpers")
    func text() {
        #expect(LDAPText.escapeFilterValue("a*(b)\\c") == "a\\2a\\28b\\29\\5cc")
        #expect(LDAPText.firstRDNValue("CN=alice-aurora-users,OU=e-groups,OU=Workgroups,DC=cern,DC=ch") == "alice-aurora-users")
        #expect(LDAPText.firstRDNValue("cn=a\\,b,ou=x") == "a,b")
        #expect(LDAPText.isUnder("cn=x,ou=e-groups,ou=Workgroups,dc=cern,dc=ch", base: "OU=e-groups,OU=Workgroups,DC=cern,DC=ch"))
        #expect(!LDAPText.isUnder("cn=x,ou=other,dc=cern,dc=ch", base: "OU=e-groups,OU=Workgroups,DC=cern,DC=ch"))
    }
}

/// A clock the test moves.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time = Date()
    func advance(_ seconds: TimeInterval) { lock.withLock { time = time.addingTimeInterval(seconds) } }
    var now: @Sendable () -> Date { { self.lock.withLock { self.time } } }
}
