import Hummingbird
public import Logging
import ServiceLifecycle

/// A running simulated Aurora scheduler: `/api` (TJSON and TBinary), `/health`, `/leaderhealth`,
/// and the `/sim/faults` and `/sim/stats` control endpoints, over real HTTP.
public final class SimulatorServer: Sendable {
    /// The bound port (the real one when the configuration asked for port 0).
    public let port: Int
    /// The configuration the server was started with.
    public let configuration: SimulatorConfiguration
    /// The scheduler behind `/api`; tests may call it directly.
    public let state: SchedulerState
    /// Fault injection for upcoming `/api` requests.
    public let faults: FaultInjector
    /// Request counters (also served by `GET /sim/stats`).
    public let stats: SimulatorStats
    private let group: ServiceGroup
    private let runner: Task<Void, any Error>

    /// `http://<host>:<port>`, the base a client appends `/api` to.
    public var baseURL: String {
        Self.baseURL(host: configuration.host, port: port)
    }

    /// `http://<host>:<port>` for a bound address (a wildcard host is reached through 127.0.0.1).
    static func baseURL(host: String, port: Int) -> String {
        let host = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        return host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    private init(port: Int, configuration: SimulatorConfiguration, parts: Parts, group: ServiceGroup, runner: Task<Void, any Error>) {
        self.port = port
        self.configuration = configuration
        state = parts.state
        faults = parts.faults
        stats = parts.stats
        self.group = group
        self.runner = runner
    }

    /// Starts serving in the background and returns once the socket is bound.
    /// Throws when the keytab cannot be loaded, the environment regex is invalid or the port cannot be bound.
    public static func start(
        _ configuration: SimulatorConfiguration,
        logger: Logger,
        clock: any SimulatorClock = SystemClock()
    ) async throws -> SimulatorServer {
        let parts = try Parts(configuration, gate: NegotiateGate(configuration.spnego), clock: clock)
        return try await start(configuration, parts: parts, logger: logger)
    }

    /// Serves in the foreground until the task is cancelled or the process gets SIGTERM/SIGINT
    /// (`aurora-gateway simulate`). `onListening` gets the bound base URL (the real port even when
    /// the configuration says 0).
    public static func run(
        _ configuration: SimulatorConfiguration,
        logger: Logger,
        onListening: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let parts = try Parts(configuration, gate: NegotiateGate(configuration.spnego), clock: SystemClock())
        let app = parts.application(logger: logger) { port in
            let url = baseURL(host: configuration.host, port: port)
            onListening(url)
            logger.info("Aurora scheduler simulator listening", metadata: [
                "simulator.url": "\(url)",
                "simulator.cluster": "\(configuration.clusterName)",
                "simulator.leader": "\(configuration.redirectTo == nil)",
                "simulator.spnego": "\(configuration.spnego != nil)",
            ])
        }
        try await app.runService()
    }

    /// Stops serving (in-flight requests get up to two seconds to finish) and waits until the listener is closed.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        _ = await runner.result
    }

    static func start(_ configuration: SimulatorConfiguration, parts: Parts, logger: Logger) async throws -> SimulatorServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = parts.application(logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        var groupConfiguration = ServiceGroupConfiguration(services: [.init(service: app)], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(2)
        let group = ServiceGroup(configuration: groupConfiguration)
        let runner = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports {
            return SimulatorServer(port: port, configuration: configuration, parts: parts, group: group, runner: runner)
        }
        try await runner.value
        throw SimulatorError.notStarted
    }

    /// Everything one server instance shares between its routes.
    struct Parts: Sendable {
        let configuration: SimulatorConfiguration
        let state: SchedulerState
        let faults = FaultInjector()
        let stats = SimulatorStats()
        let gate: NegotiateGate

        init(_ configuration: SimulatorConfiguration, gate: NegotiateGate, clock: any SimulatorClock) throws {
            self.configuration = configuration
            self.gate = gate
            state = try SchedulerState(configuration: configuration, clock: clock)
        }

        func application(logger: Logger, onBound: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
            let api = APIEndpoint(
                configuration: configuration,
                state: state,
                faults: faults,
                stats: stats,
                gate: gate,
                replies: Replies(clusterName: configuration.clusterName, statsUrlPrefix: configuration.statsUrlPrefix)
            )
            let control = ControlEndpoints(faults: faults, stats: stats)
            let isLeader = configuration.redirectTo == nil
            let router = Router(context: BasicRequestContext.self)
            router.post("/api") { request, _ in await api.respond(to: request) }
            router.get("/api") { request, _ in await api.respond(to: request) }
            router.get("/health") { _, _ in "OK" }
            router.get("/leaderhealth") { _, _ in
                isLeader ? APIEndpoint.text(.ok, "OK") : APIEndpoint.text(.serviceUnavailable, "Not the leader")
            }
            router.post("/sim/faults") { request, _ in await control.injectFault(request) }
            router.get("/sim/faults") { _, _ in control.currentFault() }
            router.delete("/sim/faults") { _, _ in control.clearFault() }
            router.get("/sim/stats") { _, _ in control.statistics() }
            return Application(
                router: router,
                configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
                onServerRunning: { channel in
                    if let port = channel.localAddress?.port { onBound(port) }
                },
                logger: logger
            )
        }
    }
}

/// Why the simulator could not start.
public enum SimulatorError: Error, CustomStringConvertible {
    /// The server stopped before it was bound.
    case notStarted

    /// A readable explanation.
    public var description: String {
        switch self {
        case .notStarted: return "the simulator stopped before its socket was bound"
        }
    }
}
