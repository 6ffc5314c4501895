public import GatewayCore
public import HTTPTransport
public import Logging
import NIOSSL
import Synchronization

/// SIGHUP's work: reads the config file again and, only if all of it loads, swaps what can change while serving —
/// policy, admin groups, service accounts, the directory settings, the TLS files. A broken file changes nothing.
public final class ConfigReloader: Sendable {
    /// What a reload did.
    public enum Outcome: Sendable, Equatable {
        /// The new rules are in force; `restartNeeded` lists changed keys that only a restart applies.
        case applied(restartNeeded: [String])
        /// The file was refused; the old config stays.
        case refused(String)
    }

    private let path: String
    private let rules: AccessRules
    private let directory: CachingDirectory
    private let http: any HTTPClient
    private let tls: TLSContextHolder?
    private let logger: Logger
    private let loaded: Mutex<GatewayConfig>

    /// Reloads `path` into the shared holders the application was built with.
    public init(path: String, config: GatewayConfig, rules: AccessRules, directory: CachingDirectory, http: any HTTPClient,
                tls: TLSContextHolder?, logger: Logger) {
        self.path = path
        self.rules = rules
        self.directory = directory
        self.http = http
        self.tls = tls
        self.logger = logger
        loaded = Mutex(config)
    }

    /// Loads the file and applies it, or refuses it; logs either way.
    @discardableResult
    public func reload() -> Outcome {
        let new: GatewayConfig
        var context: NIOSSLContext?
        do {
            new = try GatewayConfig.load(path: path)
            if let files = new.production.tls, tls != nil { context = try TLSContextHolder.load(files) }
        } catch {
            logger.error("config.reload refused: the old configuration stays in force", metadata: ["path": .string(path), "error": .string(error.description)])
            return .refused(error.description)
        }
        let old = loaded.withLock { $0 }
        rules.replace(.init(policy: new.policy, adminGroups: new.adminGroups, serviceAccounts: new.serviceAccounts))
        if new.directory != old.directory {
            directory.replace(backend: GatewayParts.backend(for: new.directory, http: http), ttl: new.directory.cacheTTL,
                              negativeTTL: new.directory.negativeCacheTTL)
        }
        if let context { tls?.replace(context) }
        loaded.withLock { $0 = new }
        let restart = Self.restartOnlyChanges(old, new)
        logger.notice("config.reloaded", metadata: ["path": .string(path), "policy_rules": .stringConvertible(new.policy.count),
                                                    "service_accounts": .stringConvertible(new.serviceAccounts.count),
                                                    "restart_needed_for": .string(restart.joined(separator: ","))])
        return .applied(restartNeeded: restart)
    }

    /// Keys that differ but are only read at start-up.
    static func restartOnlyChanges(_ old: GatewayConfig, _ new: GatewayConfig) -> [String] {
        var changed: [String] = []
        if old.listen != new.listen { changed.append("listen") }
        if old.dataDir != new.dataDir { changed.append("data_dir") }
        if old.kerberos != new.kerberos { changed.append("kerberos") }
        if old.clusters.map(\.name) != new.clusters.map(\.name) || old.clusters.map(\.schedulerURI) != new.clusters.map(\.schedulerURI) {
            changed.append("clusters")
        }
        if old.corsAllowedOrigins != new.corsAllowedOrigins { changed.append("cors") }
        if old.rateLimits != new.rateLimits { changed.append("rate_limits") }
        if old.audit != new.audit { changed.append("audit") }
        if old.githubWebhooks.map(\.repository) != new.githubWebhooks.map(\.repository) { changed.append("webhooks") }
        if old.logLevel != new.logLevel { changed.append("log_level") }
        if old.production.logFormat != new.production.logFormat { changed.append("log_format") }
        if old.production.trustedProxies != new.production.trustedProxies { changed.append("trusted_proxies") }
        if (old.production.tls == nil) != (new.production.tls == nil) { changed.append("tls") }
        return changed
    }
}
