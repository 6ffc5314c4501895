public import Foundation

/// Reads an Aurora client `clusters.json` (a JSON list, or an object of cluster objects) into clusters.
public enum ClustersFile {
    /// Why a clusters.json could not be used.
    public struct LoadError: Error, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What is wrong with it.
        public let detail: String
        public var description: String { "clusters_file \(path): \(detail)" }
    }

    /// Loads the file; entries without `name` are ignored, as the Aurora client does.
    public static func load(path: String) throws(LoadError) -> [ClusterConfig] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, detail: "cannot be read (missing or no permission)")
        }
        return try parse(data, path: path)
    }

    /// Parses clusters.json content.
    public static func parse(_ data: Data, path: String = "clusters.json") throws(LoadError) -> [ClusterConfig] {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw LoadError(path: path, detail: "is not valid JSON (\(error.localizedDescription))")
        }
        let entries: [[String: Any]]
        if let list = json as? [[String: Any]] {
            entries = list
        } else if let object = json as? [String: Any] {
            entries = object.keys.sorted().compactMap { object[$0] as? [String: Any] }
        } else {
            throw LoadError(path: path, detail: "must be a JSON list of clusters or an object of clusters")
        }
        var clusters: [ClusterConfig] = []
        for entry in entries {
            guard let name = entry["name"] as? String, !name.isEmpty else { continue }
            let mechanism = (entry["auth_mechanism"] as? String).map { $0.uppercased() } ?? "UNAUTHENTICATED"
            guard let auth = AuthMechanism(rawValue: mechanism) else {
                throw LoadError(path: path, detail: "cluster \(name): auth_mechanism \(mechanism) is not supported (use KERBEROS or UNAUTHENTICATED)")
            }
            clusters.append(ClusterConfig(
                name: name, schedulerURI: entry["scheduler_uri"] as? String, authMechanism: auth,
                slaveRoot: entry["slave_root"] as? String, slaveRunDirectory: entry["slave_run_directory"] as? String,
                zk: entry["zk"] as? String, zkPort: entry["zk_port"] as? Int,
                schedulerZKPath: entry["scheduler_zk_path"] as? String, proxyURL: entry["proxy_url"] as? String))
        }
        return clusters
    }
}
