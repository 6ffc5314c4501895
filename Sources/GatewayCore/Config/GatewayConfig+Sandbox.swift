extension GatewayConfig {
    static let sandboxKeys = ["ssh_key", "known_hosts", "ssh_user", "ssh_port", "connect_timeout", "run_timeout", "max_run_timeout",
                              "max_output_bytes", "max_sessions", "connection_idle_timeout"]

    static func parseSandbox(_ root: ConfigNode) throws(ConfigError) -> SandboxSettings? {
        guard let node = root.child("sandbox") else { return nil }
        try node.allowOnly(sandboxKeys)
        var settings = SandboxSettings(sshKey: try node.requiredString("ssh_key"), knownHosts: try node.requiredString("known_hosts"))
        try checkReadable(settings.sshKey, key: "sandbox.ssh_key")
        try checkReadable(settings.knownHosts, key: "sandbox.known_hosts")
        if let user = try node.string("ssh_user") {
            guard AuroraIdentifier.isValid(user) else { throw ConfigError(key: "sandbox.ssh_user", "\"\(user)\" is not a user name") }
            settings.sshUser = user
        }
        if let port = try node.int("ssh_port") {
            guard (1...65_535).contains(port) else { throw ConfigError(key: "sandbox.ssh_port", "\(port) is not a port: use 1…65535") }
            settings.sshPort = port
        }
        settings.connectTimeout = try node.duration("connect_timeout") ?? settings.connectTimeout
        guard settings.connectTimeout >= .milliseconds(100), settings.connectTimeout <= .seconds(300) else {
            throw ConfigError(key: "sandbox.connect_timeout", "must be from 100ms to 5m")
        }
        settings.runTimeout = try node.duration("run_timeout") ?? settings.runTimeout
        settings.maxRunTimeout = try node.duration("max_run_timeout") ?? settings.maxRunTimeout
        guard settings.runTimeout >= .seconds(1), settings.runTimeout <= settings.maxRunTimeout else {
            throw ConfigError(key: "sandbox.run_timeout", "must be at least 1s and at most sandbox.max_run_timeout")
        }
        if let bytes = try node.int("max_output_bytes") {
            guard (1_024...(64 << 20)).contains(bytes) else {
                throw ConfigError(key: "sandbox.max_output_bytes", "\(bytes) is out of range: use 1024…67108864")
            }
            settings.maxOutputBytes = bytes
        }
        if let sessions = try node.int("max_sessions") {
            guard (1...1_000).contains(sessions) else { throw ConfigError(key: "sandbox.max_sessions", "\(sessions) is out of range: use 1…1000") }
            settings.maxSessions = sessions
        }
        settings.connectionIdleTimeout = try node.duration("connection_idle_timeout") ?? settings.connectionIdleTimeout
        guard settings.connectionIdleTimeout >= .zero, settings.connectionIdleTimeout <= .seconds(3600) else {
            throw ConfigError(key: "sandbox.connection_idle_timeout", "must be from 0s (a new connection per command) to 1h")
        }
        return settings
    }
}
