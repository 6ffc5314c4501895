import AuroraThrift
import Foundation
import SchedulerClient

extension GatewayConfig {
    static let clusterKeys = ["name", "scheduler_uri", "auth_mechanism", "service_principal", "ca_bundle", "protocol",
                              "timeout", "connect_timeout", "retry_deadline", "slave_root", "slave_run_directory",
                              "zk", "zk_port", "scheduler_zk_path", "proxy_url", "docker_registry", "observer_port"]

    static func parseClusters(_ root: ConfigNode, clustersFile: String?) throws(ConfigError) -> [ClusterConfig] {
        var clusters: [ClusterConfig] = []
        if let clustersFile {
            do { clusters = try ClustersFile.load(path: clustersFile) } catch {
                throw ConfigError(key: "clusters_file", error.description)
            }
        }
        var fromYAML = Set<String>()
        for node in try root.sequence("clusters") ?? [] {
            let cluster = try parseCluster(node)
            guard fromYAML.insert(cluster.name).inserted else {
                throw ConfigError(key: node.key("name"), "cluster \(cluster.name) is defined twice in clusters:")
            }
            clusters.removeAll { $0.name == cluster.name }
            clusters.append(cluster)
        }
        return clusters
    }

    private static func parseCluster(_ node: ConfigNode) throws(ConfigError) -> ClusterConfig {
        try node.allowOnly(clusterKeys)
        let name = try node.requiredString("name")
        let mechanismText = (try node.string("auth_mechanism") ?? "KERBEROS").uppercased()
        guard let mechanism = AuthMechanism(rawValue: mechanismText) else {
            throw ConfigError(key: node.key("auth_mechanism"), "\"\(mechanismText)\" is not supported: use KERBEROS or UNAUTHENTICATED")
        }
        let protocolText = try node.string("protocol") ?? "json"
        guard let kind = ThriftProtocolKind(rawValue: protocolText) else {
            throw ConfigError(key: node.key("protocol"), "\"\(protocolText)\" is not a protocol: use json (TJSON) or binary (TBinary)")
        }
        return ClusterConfig(
            name: name, schedulerURI: try node.string("scheduler_uri"), authMechanism: mechanism,
            servicePrincipal: try node.string("service_principal"), caBundle: try node.string("ca_bundle"),
            thriftProtocol: kind, timeout: try node.duration("timeout") ?? .seconds(30),
            connectTimeout: try node.duration("connect_timeout") ?? .seconds(5),
            retryDeadline: try node.duration("retry_deadline") ?? .seconds(30),
            slaveRoot: try node.string("slave_root"), slaveRunDirectory: try node.string("slave_run_directory"),
            zk: try node.string("zk"), zkPort: try node.int("zk_port"), schedulerZKPath: try node.string("scheduler_zk_path"),
            proxyURL: try node.string("proxy_url"), observerPort: try node.int("observer_port"))
    }

    /// Cross-field checks and the files the configuration names (each must exist and be readable).
    func validate() throws(ConfigError) {
        var seen = Set<String>()
        for (index, cluster) in clusters.enumerated() {
            let key = "clusters[\(index)]"
            guard AuroraIdentifier.isValid(cluster.name) else {
                throw ConfigError(key: "\(key).name", "\"\(cluster.name)\" must match ^[\\w\\-\\.]+$")
            }
            guard seen.insert(cluster.name).inserted else { throw ConfigError(key: "\(key).name", "cluster \(cluster.name) is defined twice") }
            if cluster.schedulerURI == nil {
                let why = cluster.zk != nil
                    ? "only zk is set and ZooKeeper discovery is not supported yet: set scheduler_uri to the scheduler's (or its proxy's) URL"
                    : "scheduler_uri is required"
                throw ConfigError(key: "\(key) (\(cluster.name))", why)
            }
            if let uri = cluster.schedulerURI, URL(string: uri)?.host == nil || !(uri.hasPrefix("http://") || uri.hasPrefix("https://")) {
                throw ConfigError(key: "\(key).scheduler_uri", "\"\(uri)\" is not an http:// or https:// URL")
            }
            if cluster.authMechanism == .kerberos && kerberos == nil {
                throw ConfigError(key: "\(key).auth_mechanism", "cluster \(cluster.name) uses KERBEROS but there is no kerberos: section (principal, keytab)")
            }
            if let bundle = cluster.caBundle { try Self.checkReadable(bundle, key: "\(key).ca_bundle") }
            for (name, value) in [("timeout", cluster.timeout), ("connect_timeout", cluster.connectTimeout)] where value < .milliseconds(1) {
                throw ConfigError(key: "\(key).\(name)", "must be longer than 0, e.g. 30s")
            }
        }
        if let kerberos { try Self.checkReadable(kerberos.keytab, key: "kerberos.keytab") }
    }

    static func checkReadable(_ path: String, key: String) throws(ConfigError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(key: key, "\(path) does not exist")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ConfigError(key: key, "\(path) cannot be read: give the gateway's user read permission")
        }
    }
}
