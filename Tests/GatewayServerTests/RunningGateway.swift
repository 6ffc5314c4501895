import Foundation
import GatewayCore
import GatewayServer
import GatewayStore
import HTTPTransport
import Hummingbird
import Logging
import SchedulerClient
import TestSupport

/// The gateway application built by the composition root with test parts (a fresh SQLite file, the given
/// directory, no clusters), serving real HTTP on 127.0.0.1 with a port of its own.
final class RunningGateway: Sendable {
    let baseURL: String
    let parts: GatewayParts
    let config: GatewayConfig
    let dataDir: String
    let logs: CapturedLogs
    private let task: Task<Void, any Error>
    private let client = CurlHTTPClient()

    private init(baseURL: String, parts: GatewayParts, config: GatewayConfig, dataDir: String, logs: CapturedLogs, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.parts = parts
        self.config = config
        self.dataDir = dataDir
        self.logs = logs
        self.task = task
    }

    /// Builds and starts the application; `configure` adjusts the config (policy, directory, limits) first.
    static func start(dataDir: String? = nil, _ configure: (inout GatewayConfig) -> Void = { _ in }) async throws -> RunningGateway {
        let dataDir = dataDir ?? RepoPaths.temporaryDirectory("agw-server").path
        var config = GatewayConfig(listen: ListenAddress(host: "127.0.0.1", port: 0), dataDir: dataDir)
        configure(&config)
        config.dataDir = dataDir
        let logs = CapturedLogs()
        var logger = Logger(label: "gateway-test") { _ in CapturedLogHandler(logs: logs) }
        logger.logLevel = .trace
        let parts: GatewayParts
        if config.kerberos != nil {
            // With a keytab: the production parts, as `serve` builds them (credential, Kerberos scheduler clients).
            parts = try GatewayParts.live(config: config, logger: logger)
        } else {
            parts = try testParts(config: config, dataDir: dataDir, logger: logger)
        }
        let ports = AsyncStream<String>.makeStream()
        let app = try buildApplication(config: config, parts: parts, logger: logger) { url in ports.continuation.yield(url) }
        let task = Task { try await app.run() }
        var iterator = ports.stream.makeAsyncIterator()
        guard let url = await iterator.next() else { throw TestSupportError("the gateway did not start") }
        return RunningGateway(baseURL: url, parts: parts, config: config, dataDir: dataDir, logs: logs, task: task)
    }

    /// Parts without Kerberos: libcurl, unauthenticated scheduler clients, a fresh SQLite file.
    private static func testParts(config: GatewayConfig, dataDir: String, logger: Logger) throws -> GatewayParts {
        let database = try GatewayDatabase(dataDir: dataDir)
        let http = CurlHTTPClient()
        let clients: [any SchedulerClient] = try config.clusters.map {
            try KerberosSchedulerClient(cluster: $0, http: http, credential: nil, logger: logger)
        }
        return GatewayParts(http: http, credential: nil, clusters: ClusterRegistry(clients), database: database,
                            directory: GatewayParts.directory(for: config.directory, http: http),
                            tokens: SQLiteTokenStore(database: database),
                            hasher: TokenHasher(pepper: try TokenHasher.loadOrCreatePepper(dataDir: dataDir)),
                            audit: SQLiteAuditLog(database: database), idempotency: SQLiteIdempotencyStore(database: database))
    }

    /// Issues a token directly in the store (as `aurora-gateway token create` does) and returns its secret.
    func issue(_ owner: String, kind: TokenKind = .user, scopes: [TokenScope] = [], expiresInDays: Int = 30,
               now: Date = Date()) async throws -> (record: TokenRecord, secret: String) {
        let (record, secret) = try await TokenIssuer(store: parts.tokens, hasher: parts.hasher)
            .issue(owner: owner, kind: kind, name: nil, scopes: scopes, expiresInDays: expiresInDays, now: now)
        return (record, secret.text)
    }

    /// One request over real HTTP; `authorization` is sent verbatim, `token` as `Bearer <token>`.
    func call(_ method: String, _ path: String, token: String? = nil, authorization: String? = nil,
              json: Any? = nil, headers: [HTTPHeader] = [], rawBody: [UInt8]? = nil) async throws -> Answer {
        var all = headers
        if let token { all.append(HTTPHeader("Authorization", "Bearer \(token)")) }
        if let authorization { all.append(HTTPHeader("Authorization", authorization)) }
        var body: [UInt8] = []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json))
            all.append(HTTPHeader("Content-Type", "application/json"))
        }
        if let rawBody { body = rawBody }
        let request = HTTPTransport.HTTPRequest(url: baseURL + path, method: method, headers: all, body: body, timeout: .seconds(20))
        let response = try await client.send(request)
        return Answer(status: response.status, body: response.body, headers: response.headers)
    }

    /// Stops the server.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// An HTTP answer with its JSON body decoded.
struct Answer: Sendable {
    let status: Int
    let body: [UInt8]
    let headers: [HTTPHeader]
    var text: String { String(decoding: body, as: UTF8.self) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    var detail: String { object["detail"] as? String ?? "" }
    var type: String { object["type"] as? String ?? "" }
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
}
