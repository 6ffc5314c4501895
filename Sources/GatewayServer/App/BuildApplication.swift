import GatewayAPI
public import GatewayCore
public import Hummingbird
import Kerberos
public import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import GatewayStore
import HummingbirdCore
import NIOCore
import ServiceLifecycle

/// The composition root: the application that `serve` runs, built from the config and its parts.
/// `configPath`, when given, is re-read on SIGHUP. `onListening` is told the bound address (the port is real even
/// when the config says 0).
public func buildApplication(config: GatewayConfig, parts: GatewayParts, logger: Logger, configPath: String? = nil,
                             metrics: GatewayMetrics = GatewayMetrics(),
                             onListening: @escaping @Sendable (String) -> Void = { _ in }) throws -> some ApplicationProtocol {
    let rules = AccessRules(.init(policy: config.policy, adminGroups: config.adminGroups, serviceAccounts: config.serviceAccounts))
    let authorizer = Authorizer(rules: rules)
    let authenticator = Authenticator(store: parts.tokens, hasher: parts.hasher, directory: parts.directory, rules: rules)
    let tokens = TokenService(store: parts.tokens, hasher: parts.hasher, authenticator: authenticator, authorizer: authorizer)
    let pipeline = OperationPipeline(authorizer: authorizer, audit: parts.audit, settings: config.audit, logger: logger)
    let limiter = RateLimiter(limits: config.rateLimits)
    let tls = try config.production.tls.map { files throws(ConfigError) in try TLSContextHolder(files: files) }
    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: BrowserMiddleware(allowedOrigins: Set(config.corsAllowedOrigins)))
    router.add(middleware: GatewayMiddleware(authenticator: authenticator, limiter: limiter, pipeline: pipeline,
                                             trustedProxies: config.production.trustedProxies, metrics: metrics))
    let liveness = ClusterLiveness()
    HealthRoutes(parts: parts, liveness: liveness, renewBefore: config.kerberos?.renewBefore).register(on: router)
    MetricsRoute(metrics: metrics, parts: parts, limiter: limiter, webhooksConfigured: !config.githubWebhooks.isEmpty,
                 requiredToken: try MetricsRoute.loadToken(config.production.metricsTokenFile)).register(on: router)
    (parts.audit as? SQLiteAuditLog)?.observeCommits { duration, records in metrics.auditCommit(duration: duration, records: records) }
    DocsRoutes().register(on: router)
    let scheduler = SchedulerCalls(clusters: parts.clusters) { cluster, rpc, code, duration in
        if code == "TRANSPORT_ERROR" { liveness.recordFailure(cluster: cluster) } else { liveness.recordAnswer(cluster: cluster) }
        metrics.upstream(cluster: cluster, rpc: rpc, responseCode: code, duration: duration)
    }
    let sandbox = try SandboxAccess.make(config.sandbox, http: parts.http)
    let api = APIHandler(tokens: tokens, authorizer: authorizer, audit: parts.audit, scheduler: scheduler, sandbox: sandbox)
    let gate = OperationGate(pipeline: pipeline, idempotency: IdempotencyKeys(store: parts.idempotency), metrics: metrics)
    // Compact JSON (the runtime's default is pretty-printed): smaller answers, less work per request.
    let wire = Configuration(dateTranscoder: FastDateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])
    try api.registerHandlers(on: router, configuration: wire, middlewares: [gate])
    // JSON-RPC runs each call as its REST request through a router of the same handlers (no second authentication:
    // the caller was authenticated once by GatewayMiddleware and travels in RequestScope).
    let dispatch = Router(context: GatewayRequestContext.self)
    try api.registerHandlers(on: dispatch, configuration: wire, middlewares: [gate])
    let responder = dispatch.buildResponder()
    let rpc = JSONRPCFrontEnd(responder: responder, limiter: limiter)
    router.post("/v1/rpc") { request, context in try await rpc.handle(request, context: context) }
    var services: [any Service] = []
    if !config.githubWebhooks.isEmpty {
        let signal = WakeSignal()
        let route = GitHubWebhookRoute(repositories: config.githubWebhooks, store: parts.webhooks, audit: parts.audit, wake: { signal.wake() })
        router.post("/v1/webhooks/github") { request, context in try await route.handle(request, context: context) }
        let builder = PullRequestBuilder(store: parts.webhooks, github: GitHubAPI(http: parts.http),
                                         operations: WebhookOperations(dispatcher: InProcessDispatcher(responder: responder),
                                                                       authenticator: authenticator, logger: logger),
                                         tasks: BuildTasks(clusters: parts.clusters, configs: config.clusters), logger: logger)
        services.append(WebhookService(repositories: config.githubWebhooks, builder: builder, signal: signal, logger: logger))
    }
    if let credential = parts.credential { services.append(CredentialRefreshService(credential: credential)) }
    if let configPath {
        services.append(ReloadService(reloader: ConfigReloader(path: configPath, config: config, rules: rules, directory: parts.directory,
                                                               http: parts.http, tls: tls, logger: logger)))
    }
    if let retention = config.audit.retention {
        services.append(AuditRetentionService(audit: parts.audit, retention: retention, logger: logger))
    }
    // A silent connection is closed after idle_timeout; a request head must arrive within header_timeout of its first
    // byte, so neither idle nor trickling clients can hold sockets for ever.
    let httpConfiguration = HTTP1Channel.Configuration(idleTimeout: TimeAmount(config.production.idleTimeout))
    let headerTimeout = TimeAmount(config.production.headerTimeout)
    return Application(
        router: router,
        server: tls.map { .reloadableTLS($0, configuration: httpConfiguration, headerTimeout: headerTimeout) }
            ?? .http1(configuration: httpConfiguration, headerTimeout: headerTimeout),
        configuration: .init(address: .hostname(config.listen.host, port: config.listen.port), serverName: "aurora-gateway"),
        services: services,
        onServerRunning: { channel in
            let bound = ListenAddress(host: config.listen.host, port: channel.localAddress?.port ?? config.listen.port)
            onListening("\(tls == nil ? "http" : "https")://\(bound)")
        },
        logger: logger)
}
