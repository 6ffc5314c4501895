/// The keys for running in production: log format, drain time, TLS, trusted proxies and `/metrics` protection.
public struct ProductionSettings: Sendable, Equatable {
    /// `log_format`: one JSON object per line (`json`, the default) or swift-log's text lines (`text`).
    public enum LogFormat: String, Sendable, Equatable {
        case json, text
    }

    /// `tls:` — PEM files; when set the gateway serves HTTPS itself (reloaded on SIGHUP).
    public struct TLSFiles: Sendable, Equatable {
        /// The certificate chain, leaf first.
        public var certificateFile: String
        /// The private key.
        public var keyFile: String

        /// Creates TLS settings.
        public init(certificateFile: String, keyFile: String) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
        }
    }

    /// How log lines are written.
    public var logFormat: LogFormat
    /// How long SIGTERM waits for in-flight requests before the gateway exits anyway.
    public var shutdownTimeout: Duration
    /// How long a client may take to send a request's head once its first byte arrived (slowloris defence).
    public var headerTimeout: Duration
    /// How long a connection may stay silent before it is closed.
    public var idleTimeout: Duration
    /// Peers whose `X-Forwarded-For` is believed.
    public var trustedProxies: [IPRange]
    /// HTTPS served directly; nil for plain HTTP (behind a proxy, or on loopback).
    public var tls: TLSFiles?
    /// A file holding the bearer token `/metrics` requires; nil leaves `/metrics` open.
    public var metricsTokenFile: String?

    /// Creates settings (defaults: JSON logs, 30 s drain, 10 s for a request head, 60 s idle, no proxies, no TLS, open `/metrics`).
    public init(logFormat: LogFormat = .json, shutdownTimeout: Duration = .seconds(30), headerTimeout: Duration = .seconds(10),
                idleTimeout: Duration = .seconds(60), trustedProxies: [IPRange] = [], tls: TLSFiles? = nil, metricsTokenFile: String? = nil) {
        self.logFormat = logFormat
        self.shutdownTimeout = shutdownTimeout
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.trustedProxies = trustedProxies
        self.tls = tls
        self.metricsTokenFile = metricsTokenFile
    }
}

extension GatewayConfig {
    static let tlsKeys = ["certificate_file", "key_file"]
    static let metricsKeys = ["token_file"]

    static func parseProduction(_ root: ConfigNode) throws(ConfigError) -> ProductionSettings {
        var settings = ProductionSettings()
        if let text = try root.string("log_format") {
            guard let format = ProductionSettings.LogFormat(rawValue: text) else {
                throw ConfigError(key: "log_format", "\"\(text)\" is not a log format: use json or text")
            }
            settings.logFormat = format
        }
        settings.shutdownTimeout = try root.duration("shutdown_timeout") ?? settings.shutdownTimeout
        settings.headerTimeout = try positive(root.duration("header_timeout"), key: "header_timeout") ?? settings.headerTimeout
        settings.idleTimeout = try positive(root.duration("idle_timeout"), key: "idle_timeout") ?? settings.idleTimeout
        for (index, text) in (try root.strings("trusted_proxies") ?? []).enumerated() {
            guard let range = IPRange(parsing: text) else {
                throw ConfigError(key: "trusted_proxies[\(index)]", "\"\(text)\" is not an IP address or CIDR range, e.g. 10.0.0.0/8 or 192.0.2.7")
            }
            settings.trustedProxies.append(range)
        }
        if let tls = root.child("tls") {
            try tls.allowOnly(tlsKeys)
            let files = ProductionSettings.TLSFiles(certificateFile: try tls.requiredString("certificate_file"),
                                                    keyFile: try tls.requiredString("key_file"))
            try checkReadable(files.certificateFile, key: "tls.certificate_file")
            try checkReadable(files.keyFile, key: "tls.key_file")
            settings.tls = files
        }
        if let metrics = root.child("metrics") {
            try metrics.allowOnly(metricsKeys)
            settings.metricsTokenFile = try metrics.string("token_file")
            if let path = settings.metricsTokenFile { try checkReadable(path, key: "metrics.token_file") }
        }
        return settings
    }

    private static func positive(_ value: Duration?, key: String) throws(ConfigError) -> Duration? {
        guard let value else { return nil }
        guard value > .zero else { throw ConfigError(key: key, "must be longer than zero, e.g. 10s") }
        return value
    }
}
