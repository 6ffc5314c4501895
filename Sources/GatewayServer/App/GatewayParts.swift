import Directory
public import GatewayCore
public import GatewayStore
public import HTTPTransport
public import Kerberos
public import Logging
public import SchedulerClient

/// The I/O parts the application is built from. Production builds them from the config
/// (`GatewayParts.live`); tests build the same application with parts of their own.
public struct GatewayParts: Sendable {
    /// The outbound HTTP client (libcurl).
    public var http: any HTTPClient
    /// The gateway's Kerberos identity; nil when no cluster uses KERBEROS.
    public var credential: KeytabCredential?
    /// One scheduler client per cluster.
    public var clusters: ClusterRegistry
    /// The SQLite database.
    public var database: GatewayDatabase
    /// E-group membership, cached.
    public var directory: CachingDirectory
    /// API tokens (digests and public fields).
    public var tokens: any TokenStore
    /// The peppered HMAC that turns token secrets into stored digests.
    public var hasher: TokenHasher
    /// The append-only audit log.
    public var audit: any AuditLog
    /// First answers to POSTs with an `Idempotency-Key`.
    public var idempotency: any IdempotencyStore
    /// GitHub deliveries and pull request builds.
    public var webhooks: any WebhookStore

    /// Assembles parts.
    public init(http: any HTTPClient, credential: KeytabCredential?, clusters: ClusterRegistry, database: GatewayDatabase,
                directory: CachingDirectory, tokens: any TokenStore, hasher: TokenHasher, audit: any AuditLog,
                idempotency: any IdempotencyStore, webhooks: (any WebhookStore)? = nil) {
        self.webhooks = webhooks ?? SQLiteWebhookStore(database: database)
        self.http = http
        self.credential = credential
        self.clusters = clusters
        self.database = database
        self.directory = directory
        self.tokens = tokens
        self.hasher = hasher
        self.audit = audit
        self.idempotency = idempotency
    }

    /// The directory backend the config names; CERN's Authorization Service API is reached through `http`.
    public static func directory(for config: DirectoryConfig, http: any HTTPClient) -> CachingDirectory {
        CachingDirectory(backend: backend(for: config, http: http), ttl: config.cacheTTL, negativeTTL: config.negativeCacheTTL)
    }

    /// The uncached backend the config names (also what SIGHUP swaps in).
    public static func backend(for config: DirectoryConfig, http: any HTTPClient) -> any GroupDirectory {
        if let authz = config.cernAuthz { return CERNAuthzDirectory(settings: authz, http: http) }
        if let ldap = config.ldap { return LDAPDirectory(settings: ldap) }
        return StaticDirectory(users: config.users)
    }

    /// The production parts: libcurl, the keytab credential, Kerberos scheduler clients, SQLite in `data_dir`.
    public static func live(config: GatewayConfig, logger: Logger) throws(StartupError) -> GatewayParts {
        let http = CurlHTTPClient()
        var credential: KeytabCredential?
        if let kerberos = config.kerberos {
            do {
                credential = try KeytabCredential(settings: KerberosSettings(
                    principal: kerberos.principal, keytab: kerberos.keytab, renewBefore: kerberos.renewBefore))
            } catch {
                throw .configuration(ConfigError(key: "kerberos.principal", error.description))
            }
        }
        var clients: [any SchedulerClient] = []
        for cluster in config.clusters {
            do {
                clients.append(try KerberosSchedulerClient(cluster: cluster, http: http, credential: credential, logger: logger))
            } catch {
                throw .configuration(ConfigError(key: "clusters (\(cluster.name))", error.description))
            }
        }
        let database: GatewayDatabase
        do { database = try GatewayDatabase(dataDir: config.dataDir) } catch { throw .database(error) }
        let pepper: [UInt8]
        let tokenCount: Int
        do { tokenCount = try database.tokenCount() } catch { throw .database(error) }
        do { pepper = try TokenHasher.loadOrCreatePepper(dataDir: config.dataDir, mayCreate: tokenCount == 0) } catch {
            throw .configuration(error)
        }
        return GatewayParts(http: http, credential: credential, clusters: ClusterRegistry(clients), database: database,
                            directory: directory(for: config.directory, http: http),
                            tokens: SQLiteTokenStore(database: database), hasher: TokenHasher(pepper: pepper),
                            audit: SQLiteAuditLog(database: database), idempotency: SQLiteIdempotencyStore(database: database))
    }
}

/// Why the gateway cannot start: a configuration problem (exit 2) or an unusable database (exit 1).
public enum StartupError: Error, CustomStringConvertible {
    /// The configuration is wrong.
    case configuration(ConfigError)
    /// The database cannot be opened.
    case database(StoreError)

    public var description: String {
        switch self {
        case .configuration(let error): return "configuration: \(error)"
        case .database(let error): return "\(error)"
        }
    }
}
