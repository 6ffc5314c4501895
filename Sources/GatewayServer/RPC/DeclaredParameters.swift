import Yams

/// The query parameters each operation declares in the embedded OpenAPI document, so a JSON-RPC call with a
/// parameter its operation does not know is refused instead of silently ignored.
enum DeclaredParameters {
    /// Operation id → its query parameter names (resolving `$ref`s to components/parameters).
    static let query: [String: Set<String>] = parse(EmbeddedSpec.yaml)

    static func parse(_ yaml: String) -> [String: Set<String>] {
        guard let spec = (try? Yams.load(yaml: yaml)) as? [String: Any] else { return [:] }
        let shared = (spec["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        func resolve(_ item: Any) -> [String: Any]? {
            guard let parameter = item as? [String: Any] else { return nil }
            if let ref = parameter["$ref"] as? String, let name = ref.split(separator: "/").last {
                return shared[String(name)] as? [String: Any]
            }
            return parameter
        }
        var out: [String: Set<String>] = [:]
        for (_, item) in spec["paths"] as? [String: Any] ?? [:] {
            guard let methods = item as? [String: Any] else { continue }
            for (_, value) in methods {
                guard let operation = value as? [String: Any], let id = operation["operationId"] as? String else { continue }
                let names = (operation["parameters"] as? [Any] ?? []).compactMap(resolve)
                    .filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
                out[id] = Set(names)
            }
        }
        return out
    }
}
