import Foundation

extension GatewayConfig {
    static let cernAuthzKeys = ["token_url", "api_url", "audience", "client_id", "client_secret_file", "ca_bundle", "timeout"]

    /// `directory:` with `kind: cern-authz`; the client secret file is read here, once, and never logged.
    static func parseCERNAuthz(_ node: ConfigNode) throws(ConfigError) -> CERNAuthzSettings {
        let clientID = try node.requiredString("client_id")
        guard let secretFile = try node.string("client_secret_file"), !secretFile.isEmpty else {
            throw ConfigError(key: "directory.client_secret_file",
                              "is required: the path of a file holding the application's client secret")
        }
        try checkReadable(secretFile, key: "directory.client_secret_file")
        let secret = ((try? String(contentsOfFile: secretFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .newlines)
        guard !secret.isEmpty else {
            throw ConfigError(key: "directory.client_secret_file", "\(secretFile) is empty: put the application's client secret in it")
        }
        var settings = CERNAuthzSettings(clientID: clientID, clientSecret: secret)
        settings.tokenURL = try httpURL(node, "token_url") ?? settings.tokenURL
        settings.apiURL = try httpURL(node, "api_url") ?? settings.apiURL
        settings.audience = try node.string("audience") ?? settings.audience
        guard !settings.audience.isEmpty else {
            throw ConfigError(key: "directory.audience", "must not be empty, e.g. authorization-service-api")
        }
        settings.caBundle = try node.string("ca_bundle")
        if let ca = settings.caBundle { try checkReadable(ca, key: "directory.ca_bundle") }
        settings.timeout = try node.duration("timeout") ?? settings.timeout
        guard settings.timeout >= .milliseconds(1) else {
            throw ConfigError(key: "directory.timeout", "must be longer than 0, e.g. 10s")
        }
        return settings
    }

    private static func httpURL(_ node: ConfigNode, _ name: String) throws(ConfigError) -> String? {
        guard let url = try node.string(name) else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigError(key: node.key(name), "\"\(url)\" must start with http:// or https://")
        }
        // The client secret and access tokens cross this connection: plain HTTP only to this machine.
        let host = URL(string: url)?.host ?? ""
        if url.hasPrefix("http://") && !["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) {
            throw ConfigError(key: node.key(name), "\"\(url)\" is plain http to another host: use https:// (the client secret and access tokens travel on it)")
        }
        return url
    }
}
