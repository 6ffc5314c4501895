import Foundation
import GatewayCore
import TestSupport
import Testing

@Suite("Rights follow the directory: a real slapd behind the gateway")
struct DirectoryChangeTests {
    @Test("taking a user out of an e-group in slapd removes their rights within the cache TTL; with no group left, nothing")
    func removalFromGroup() async throws {
        let ldap = try await TestSLAPD.shared()
        let login = "frank\(UInt32.random(in: 100_000...999_999))"
        let users = "OU=Users,OU=Organic Units,DC=cern,DC=ch", groups = "OU=e-groups,OU=Workgroups,DC=cern,DC=ch"
        try await ldap.modify("""
        dn: CN=\(login),\(users)
        changetype: add
        objectClass: inetOrgPerson
        cn: \(login)
        sn: \(login)

        dn: CN=alice-aurora-mesostest,\(groups)
        changetype: modify
        add: member
        member: CN=\(login),\(users)

        """)
        let gateway = try await RunningGateway.start { config in
            MatrixFixture.configure(&config)
            var directory = DirectoryConfig(kind: "ldap", cacheTTL: .seconds(1), negativeCacheTTL: .seconds(1))
            directory.ldap = LDAPSettings(url: ldap.url, userFilter: "(&(objectClass=inetOrgPerson)(cn={login}))", nested: .expand)
            config.directory = directory
        }
        defer { Task { await gateway.stop() } }
        let frank = try await gateway.issue(login)
        let me = try await gateway.call("GET", "/v1/me", token: frank.secret)
        #expect(me.status == 200)
        #expect((me.object["groups"] as? [[String: Any]] ?? []).map { $0["name"] as? String } == ["alice-aurora-mesostest"])
        #expect((me.object["directory"] as? [String: Any])?["kind"] as? String == "ldap")
        let scope = ["scopes": [["actions": ["job.create"], "on": [MatrixFixture.devel]]]]
        #expect(try await gateway.call("POST", "/v1/tokens", token: frank.secret, json: scope).status == 201)
        try await ldap.modify("""
        dn: CN=alice-aurora-mesostest,\(groups)
        changetype: modify
        delete: member
        member: CN=\(login),\(users)

        """)
        try await Task.sleep(for: .milliseconds(1_200))
        let denied = try await gateway.call("POST", "/v1/tokens", token: frank.secret, json: scope)
        #expect(denied.status == 403)
        #expect(denied.detail.contains("job.create"))
        let after = try await gateway.call("GET", "/v1/me", token: frank.secret)
        #expect((after.object["groups"] as? [[String: Any]])?.isEmpty == true)
        #expect((after.object["permissions"] as? [[String: Any]])?.isEmpty == true)
        for action in ["job.get", "tasks.list", "jobs.list"] {
            let target = action == "jobs.list" ? "build/mesostest/*/*" : MatrixFixture.devel
            let read = try await gateway.call("POST", "/v1/tokens", token: frank.secret,
                                              json: ["scopes": [["actions": [action], "on": [target]]]])
            #expect(read.status == 403, "\(action)")
        }
    }

    @Test("when the directory cannot be reached and nothing is cached, the answer is 503 and nothing is granted")
    func directoryDown() async throws {
        let gateway = try await RunningGateway.start { config in
            MatrixFixture.configure(&config)
            var directory = DirectoryConfig(kind: "ldap")
            directory.ldap = LDAPSettings(url: "ldap://127.0.0.1:1", timeoutSeconds: 2)
            config.directory = directory
        }
        defer { Task { await gateway.stop() } }
        let alice = try await gateway.issue("alice")
        let answer = try await gateway.call("GET", "/v1/me", token: alice.secret)
        #expect(answer.status == 503)
        #expect(answer.type == "urn:aurora-gateway:problem:directory-unavailable")
        #expect(answer.detail.contains("ldap://127.0.0.1:1"))
        #expect(answer.header("Retry-After") != nil)
    }
}
