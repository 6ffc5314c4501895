import ArgumentParser
import Foundation
import GatewayCore
import GatewayStore

/// `aurora-gateway token create|list|revoke`: works directly on the database (bootstrap and break-glass).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke API tokens directly in the database.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; the secret is printed once on stdout.")
        @Option(help: "The gateway's YAML configuration file.") var config: String
        @Option(help: "The login (or, with --service, the service account) that owns the token.") var owner: String
        @Option(help: "A name for people.") var name: String?
        @Option(help: "ACTIONS@TARGETS, e.g. job.*,update.*@build/mesostest/*/* (repeatable; default: everything the owner may do).")
        var scope: [String] = []
        @Option(name: .customLong("expires-in"), help: "Days until the token expires (1…366).") var expiresIn: Int = TokenIssuer.defaultDays
        @Flag(help: "The owner is a service account from service_accounts:.") var service = false

        func validate() throws {
            guard (1...TokenIssuer.maxDays).contains(expiresIn) else { throw ValidationError("--expires-in must be 1…\(TokenIssuer.maxDays) days") }
        }

        func run() async throws {
            let loaded = try loadConfig(config)
            if service && !loaded.serviceAccounts.contains(where: { $0.name == owner }) {
                let known = loaded.serviceAccounts.map(\.name).joined(separator: ", ")
                printError("aurora-gateway: --owner \(owner) is not a service account in service_accounts: (configured: \(known.isEmpty ? "none" : known))")
                throw ExitCode(2)
            }
            var scopes: [TokenScope] = []
            for text in scope {
                do { scopes.append(try TokenScope(parsing: text)) } catch {
                    printError("aurora-gateway: \(error)")
                    throw ExitCode(2)
                }
            }
            let (store, hasher) = try openTokens(loaded)
            let body: [String: Any] = ["owner": owner, "kind": service ? "service" : "user", "name": name ?? NSNull(),
                                       "scopes": scope, "expires_in_days": expiresIn]
            let trail = try await CLIAudit.begin(config: loaded, action: "tokens.create", body: body,
                                                 reason: "token created with the CLI (direct database access)")
            let issued: (record: TokenRecord, secret: TokenSecret)
            do {
                issued = try await TokenIssuer(store: store, hasher: hasher)
                    .issue(owner: owner, kind: service ? .service : .user, name: name, scopes: scopes, expiresInDays: expiresIn)
            } catch {
                await trail.complete(error: "\(error)")
                throw error
            }
            let (record, secret) = issued
            await trail.complete(result: "created token \(record.id) (\(record.kind.rawValue)) for \(record.owner)")
            printLine(secret.text)
            printError("created token \(record.id) \"\(record.name)\" for \(record.owner) (\(record.kind.rawValue)), expires \(iso(record.expiresAt)); the secret above is shown only once")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @Option(help: "The gateway's YAML configuration file.") var config: String
        @Option(help: "Only this owner's tokens.") var owner: String?
        @Flag(help: "One JSON array of objects.") var json = false

        func run() async throws {
            let (store, _) = try openTokens(try loadConfig(config))
            let records = try await store.list(owner: owner)
            if json {
                let objects: [[String: Any]] = records.map { record in
                    var object: [String: Any] = [
                        "id": record.id, "name": record.name, "owner": record.owner, "kind": record.kind.rawValue,
                        "scopes": record.scopes.map { ["actions": $0.actions, "on": $0.on] },
                        "created_at": iso(record.createdAt), "expires_at": iso(record.expiresAt),
                    ]
                    object["last_used_at"] = record.lastUsedAt.map(iso) ?? NSNull()
                    object["revoked_at"] = record.revokedAt.map(iso) ?? NSNull()
                    return object
                }
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])
                printLine(String(decoding: data, as: UTF8.self))
                return
            }
            for record in records {
                let state = record.revokedAt != nil ? "revoked" : (record.expiresAt < Date() ? "expired" : "active")
                let scopes = record.scopes.map { "\($0.actions.joined(separator: ","))@\($0.on.joined(separator: ","))" }.joined(separator: " ")
                printLine("\(record.id)  \(record.owner)  \(record.kind.rawValue)  \(state)  expires \(iso(record.expiresAt))  \"\(record.name)\"  \(scopes)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")
        @Option(help: "The gateway's YAML configuration file.") var config: String
        @Argument(help: "The token id (tk_…).") var id: String

        func run() async throws {
            let loaded = try loadConfig(config)
            let (store, _) = try openTokens(loaded)
            let trail = try await CLIAudit.begin(config: loaded, action: "tokens.revoke", body: ["id": id],
                                                 reason: "token revoked with the CLI (direct database access)")
            let revoked: TokenRecord?
            do { revoked = try await store.revoke(id: id, by: "cli:\(ProcessInfo.processInfo.userName)", at: Date()) } catch {
                await trail.complete(error: "\(error)")
                throw error
            }
            guard let record = revoked else {
                await trail.complete(error: "no token with id \(id)")
                printError("aurora-gateway: no token with id \(id): see `aurora-gateway token list`")
                throw ExitCode(1)
            }
            await trail.complete(result: "revoked token \(record.id) of \(record.owner)")
            printLine("revoked \(record.id) (\(record.owner)) at \(iso(record.revokedAt ?? Date()))")
        }
    }
}

/// The token store and hasher for `data_dir`, or exit 1 naming the database problem.
func openTokens(_ config: GatewayConfig) throws -> (SQLiteTokenStore, TokenHasher) {
    do {
        let database = try GatewayDatabase(dataDir: config.dataDir)
        let pepper = try TokenHasher.loadOrCreatePepper(dataDir: config.dataDir, mayCreate: try database.tokenCount() == 0)
        return (SQLiteTokenStore(database: database), TokenHasher(pepper: pepper))
    } catch {
        printError("aurora-gateway: \(error)")
        throw ExitCode(1)
    }
}

/// RFC 3339 in UTC.
func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
