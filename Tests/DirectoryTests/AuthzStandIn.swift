import Foundation
import Hummingbird
import Synchronization

/// A real HTTP server on 127.0.0.1 standing in for CERN's token endpoint and Authorization Service API.
final class AuthzStandIn: Sendable {
    static let clientID = "aurora-gateway"
    /// Characters that must be percent-encoded in a form body, to prove they are.
    static let clientSecret = "s3cr&t=+%/x y"
    static let aliceGroups = ["alice-aurora-users", "alice-aurora-mesostest", "alice-aurora-admins"]

    let port: Int
    let state: AuthzState
    private let task: Task<Void, any Error>

    private init(port: Int, state: AuthzState, task: Task<Void, any Error>) {
        self.port = port
        self.state = state
        self.task = task
    }

    var tokenURL: String { "http://127.0.0.1:\(port)/auth/realms/cern/api-access/token" }
    var apiURL: String { "http://127.0.0.1:\(port)" }

    static func start() async throws -> AuthzStandIn {
        let state = AuthzState()
        let router = Router()
        router.post("/auth/realms/cern/api-access/token") { request, _ -> Response in
            state.tokenRequests.add(1, ordering: .relaxed)
            let body = try await request.body.collect(upTo: 1 << 16)
            let form = AuthzStandIn.form(String(buffer: body))
            guard request.headers[.contentType] == "application/x-www-form-urlencoded", form["grant_type"] == "client_credentials",
                  form["client_id"] == AuthzStandIn.clientID, form["client_secret"] == AuthzStandIn.clientSecret,
                  form["audience"] == "authorization-service-api" else {
                return AuthzStandIn.json(.unauthorized, #"{"error":"unauthorized_client","error_description":"Invalid client credentials"}"#)
            }
            return AuthzStandIn.json(.ok, "{\"access_token\":\"\(state.currentToken)\",\"expires_in\":1200,\"token_type\":\"Bearer\"}")
        }
        router.get("/api/v1.0/Identity/:login/groups/recursive") { request, context -> Response in
            state.apiRequests.add(1, ordering: .relaxed)
            guard request.headers[.authorization] == "Bearer \(state.currentToken)" else {
                return AuthzStandIn.json(.unauthorized, #"{"message":"invalid bearer token"}"#)
            }
            let failure = state.failWith.load(ordering: .relaxed)
            if failure != 0 { return AuthzStandIn.json(.init(code: failure), #"{"message":"stand-in failure"}"#) }
            guard request.uri.queryParameters.get("field") == "groupIdentifier" else {
                return AuthzStandIn.json(.badRequest, #"{"message":"field=groupIdentifier missing"}"#)
            }
            guard context.parameters.get("login") == "alice" else {
                return AuthzStandIn.json(.notFound, #"{"message":"Identity not found"}"#)
            }
            return AuthzStandIn.json(.ok, AuthzStandIn.page(offset: request.uri.queryParameters.get("offset", as: Int.self) ?? 0))
        }
        let ports = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.run() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return AuthzStandIn(port: port, state: state, task: task)
    }

    func stop() { task.cancel() }

    /// alice's groups in two pages of two: mixed case, one group listed twice.
    static func page(offset: Int) -> String {
        let (groups, next): ([String], String) = switch offset {
        case 0: (["alice-aurora-users", "ALICE-Aurora-MesosTest"], #""/api/v1.0/Identity/alice/groups/recursive?offset=2&limit=2""#)
        case 2: (["Alice-Aurora-Users", "alice-aurora-admins"], "null")
        default: ([], "null")
        }
        let data = groups.map { "{\"groupIdentifier\":\"\($0)\",\"displayName\":\"\($0) e-group\"}" }.joined(separator: ",")
        return "{\"data\":[\(data)],\"pagination\":{\"total\":4,\"offset\":\(offset),\"limit\":2,\"next\":\(next)}}"
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An `application/x-www-form-urlencoded` body as a dictionary.
    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            fields[String(parts[0])] = String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return fields
    }
}

/// What the stand-in has seen, and how it is told to answer.
final class AuthzState: Sendable {
    let tokenRequests = Atomic<Int>(0)
    let apiRequests = Atomic<Int>(0)
    /// A status every API request answers with; 0 answers normally.
    let failWith = Atomic<Int>(0)
    private let generation = Atomic<Int>(1)

    /// The one access token the API accepts (and the token endpoint hands out).
    var currentToken: String { "token-\(generation.load(ordering: .relaxed))" }
    var tokenRequestCount: Int { tokenRequests.load(ordering: .relaxed) }
    var apiRequestCount: Int { apiRequests.load(ordering: .relaxed) }

    /// Makes every API request answer `status` (0 answers normally again).
    func fail(with status: Int) { failWith.store(status, ordering: .relaxed) }

    /// Invalidates every token handed out so far (as if it had expired early).
    func revokeTokens() { generation.add(1, ordering: .relaxed) }
}
