import Directory
import GatewayCore
import HTTPTransport
import Testing

@Suite("CERNAuthzDirectory against a local stand-in for CERN's token endpoint and Authorization Service API")
struct CERNAuthzDirectoryTests {
    static let http = CurlHTTPClient(threads: 4)

    func makeDirectory(_ server: AuthzStandIn, secret: String = AuthzStandIn.clientSecret) -> CERNAuthzDirectory {
        CERNAuthzDirectory(settings: CERNAuthzSettings(tokenURL: server.tokenURL, apiURL: server.apiURL, clientID: AuthzStandIn.clientID,
                                                       clientSecret: secret, timeout: .seconds(5)),
                           http: Self.http)
    }

    @Test("groups are collected across pages, lowercased and deduplicated")
    func pages() async throws {
        let server = try await AuthzStandIn.start()
        defer { server.stop() }
        #expect(try await makeDirectory(server).groups(of: "alice") == AuthzStandIn.aliceGroups)
        #expect(server.state.apiRequestCount == 2)
    }

    @Test("an identity the API does not know is an unknown user")
    func unknownUser() async throws {
        let server = try await AuthzStandIn.start()
        defer { server.stop() }
        #expect(try await makeDirectory(server).groups(of: "nobody") == nil)
    }

    @Test("refused client credentials are a directory error naming client_id, never the secret")
    func wrongSecret() async throws {
        let server = try await AuthzStandIn.start()
        defer { server.stop() }
        let error = await #expect(throws: DirectoryError.self) {
            try await makeDirectory(server, secret: "not-the-client-secret").groups(of: "alice")
        }
        #expect(error?.kind == "cern-authz")
        #expect(error?.detail.contains("client_id") == true)
        #expect(error?.detail.contains(server.tokenURL) == true)
        #expect(error?.description.contains("not-the-client-secret") == false)
        #expect(server.state.apiRequestCount == 0)
    }

    @Test("an API failure is a directory error naming the URL and the status, never the access token")
    func serverError() async throws {
        let server = try await AuthzStandIn.start()
        defer { server.stop() }
        server.state.fail(with: 500)
        let error = await #expect(throws: DirectoryError.self) { try await makeDirectory(server).groups(of: "alice") }
        #expect(error?.detail.contains("HTTP 500") == true)
        #expect(error?.detail.contains("\(server.apiURL)/api/v1.0/Identity/alice/groups/recursive") == true)
        #expect(error?.description.contains(server.state.currentToken) == false)
    }

    @Test("the access token is reused across lookups, shared by concurrent ones, and replaced after a 401")
    func tokenReuse() async throws {
        let server = try await AuthzStandIn.start()
        defer { server.stop() }
        let directory = makeDirectory(server)
        try await withThrowingTaskGroup(of: [String]?.self) { group in
            for _ in 0..<4 { group.addTask { try await directory.groups(of: "alice") } }
            for try await groups in group { #expect(groups == AuthzStandIn.aliceGroups) }
        }
        #expect(try await directory.groups(of: "nobody") == nil)
        #expect(server.state.tokenRequestCount == 1)
        server.state.revokeTokens()
        #expect(try await directory.groups(of: "alice") == AuthzStandIn.aliceGroups)
        #expect(server.state.tokenRequestCount == 2)
        #expect(try await directory.groups(of: "alice") == AuthzStandIn.aliceGroups)
        #expect(server.state.tokenRequestCount == 2)
    }

    @Test("logins that are not plain CERN logins are unknown without any request")
    func implausibleLogins() async throws {
        let server = try await AuthzStandIn.start()
        defer { server.stop() }
        let directory = makeDirectory(server)
        for login in ["alice/../bob", "a/b", "", "..", "alice?offset=1", "al ice", "alice%2f", "élise"] {
            #expect(try await directory.groups(of: login) == nil, "\(login)")
        }
        #expect(server.state.apiRequestCount == 0)
        #expect(server.state.tokenRequestCount == 0)
    }
}
