/// The scheduler clients by cluster name.
public struct ClusterRegistry: Sendable {
    private let clients: [String: any SchedulerClient]
    /// The clusters in configuration order.
    public let names: [String]

    /// Creates the registry from clients in configuration order.
    public init(_ clients: [any SchedulerClient]) {
        self.clients = Dictionary(clients.map { ($0.cluster.name, $0) }, uniquingKeysWith: { first, _ in first })
        names = clients.map(\.cluster.name)
    }

    /// The client for `name`, or `SchedulerError.unknownCluster` listing the configured ones.
    public func client(for name: String) throws(SchedulerError) -> any SchedulerClient {
        guard let client = clients[name] else { throw .unknownCluster(name: name, known: names) }
        return client
    }

    /// All clients in configuration order.
    public var all: [any SchedulerClient] { names.compactMap { clients[$0] } }
}
