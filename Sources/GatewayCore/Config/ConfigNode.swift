import Yams

/// A YAML node with its key path, so every error names exactly which key is wrong.
struct ConfigNode {
    let node: Node
    let path: String

    init(_ node: Node, path: String) {
        self.node = node
        self.path = path
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// The child mapping value for `name`, nil when absent or null.
    func child(_ name: String) -> ConfigNode? {
        guard let value = node.mapping?[Node(name)], value.null == nil else { return nil }
        return ConfigNode(value, path: key(name))
    }

    /// Rejects keys not in `allowed` (catches typos).
    func allowOnly(_ allowed: [String]) throws(ConfigError) {
        guard let mapping = node.mapping else { throw ConfigError(key: path.isEmpty ? "config" : path, "must be a mapping of keys to values") }
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw ConfigError(key: self.key(key.string ?? "?"), "unknown key; allowed here: \(allowed.joined(separator: ", "))")
            }
        }
    }

    func string(_ name: String) throws(ConfigError) -> String? {
        guard let value = child(name) else { return nil }
        guard let scalar = value.node.scalar else { throw ConfigError(key: key(name), "must be a string") }
        return scalar.string
    }

    func requiredString(_ name: String) throws(ConfigError) -> String {
        guard let value = try string(name), !value.isEmpty else { throw ConfigError(key: key(name), "is required") }
        return value
    }

    func int(_ name: String) throws(ConfigError) -> Int? {
        guard let value = child(name) else { return nil }
        guard let number = value.node.int else { throw ConfigError(key: key(name), "must be a whole number") }
        return number
    }

    func duration(_ name: String) throws(ConfigError) -> Duration? {
        guard let text = try string(name) else { return nil }
        guard let duration = Durations.parse(text) else {
            throw ConfigError(key: key(name), "\"\(text)\" is not a duration: write e.g. 500ms, 30s, 15m, 24h or 90d")
        }
        return duration
    }

    func strings(_ name: String) throws(ConfigError) -> [String]? {
        guard let value = child(name) else { return nil }
        guard let sequence = value.node.sequence else { throw ConfigError(key: key(name), "must be a list of strings") }
        var out: [String] = []
        for (index, item) in sequence.enumerated() {
            guard let text = item.scalar?.string else { throw ConfigError(key: "\(key(name))[\(index)]", "must be a string") }
            out.append(text)
        }
        return out
    }

    func sequence(_ name: String) throws(ConfigError) -> [ConfigNode]? {
        guard let value = child(name) else { return nil }
        guard let sequence = value.node.sequence else { throw ConfigError(key: key(name), "must be a list") }
        return sequence.enumerated().map { ConfigNode($0.element, path: "\(key(name))[\($0.offset)]") }
    }

    func mappingEntries(_ name: String) throws(ConfigError) -> [(String, ConfigNode)]? {
        guard let value = child(name) else { return nil }
        guard let mapping = value.node.mapping else { throw ConfigError(key: key(name), "must be a mapping") }
        var out: [(String, ConfigNode)] = []
        for (keyNode, valueNode) in mapping {
            guard let text = keyNode.string else { throw ConfigError(key: key(name), "keys must be strings") }
            out.append((text, ConfigNode(valueNode, path: "\(key(name)).\(text)")))
        }
        return out
    }
}
