import ArgumentParser
import Foundation
import GatewayCore
import GatewayStore

/// `aurora-gateway audit query|verify|export`: reads the audit log directly from the database.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Query, verify and export the audit log.",
        subcommands: [Query.self, Verify.self, Export.self])

    struct Query: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show audit records, newest first.")
        @Option(help: "The gateway's YAML configuration file.") var config: String
        @Option(name: .customLong("request-id"), help: "Only this request's records (its X-Request-Id).") var requestID: String?
        @Option(help: "Only this actor (login, service:<name>, github:<login>).") var actor: String?
        @Option(help: "Only this operation id or glob (job.*).") var action: String?
        @Option(help: "Only this job: cluster/role/env/name (a part may be *).") var job: String?
        @Option(help: "Records at or after this time (RFC 3339).") var since: String?
        @Option(help: "Records before this time (RFC 3339).") var until: String?
        @Option(help: "At most this many records.") var limit: Int = 100
        @Flag(help: "One JSON object per line.") var json = false

        func validate() throws {
            if let job, job.split(separator: "/", omittingEmptySubsequences: false).count != 4 {
                throw ValidationError("--job must be cluster/role/env/name, e.g. build/mesostest/devel/hello (a part may be *)")
            }
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let audit = try openAudit(try loadConfig(config))
            let filter = AuditFilter(requestID: requestID, actor: actor, action: action, job: job, since: try time(since, "--since"),
                                     until: try time(until, "--until"), limit: limit)
            let page = try await readOrExit { () async throws(AuditFailure) in try await audit.query(filter) }
            for record in page.records {
                printLine(json ? AuditJSON.line(record) : AuditJSON.summary(record))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute the hash chain; exit 0 when intact.")
        @Option(help: "The gateway's YAML configuration file.") var config: String

        func run() async throws {
            let audit = try openAudit(try loadConfig(config))
            let outcome = try await readOrExit { () async throws(AuditFailure) in try await audit.verify() }
            if let problem = outcome.firstProblem {
                printError("audit verify: FAILED at \(problem)")
                throw ExitCode(1)
            }
            printLine("ok \(outcome.records) records")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every record (oldest first) as NDJSON to stdout.")
        @Option(help: "The gateway's YAML configuration file.") var config: String
        @Option(help: "Records at or after this time (RFC 3339).") var since: String?

        func run() async throws {
            let audit = try openAudit(try loadConfig(config))
            var filter = AuditFilter(since: try time(since, "--since"), limit: 5_000, ascending: true)
            while true {
                let query = filter
                let page = try await readOrExit { () async throws(AuditFailure) in try await audit.query(query) }
                for record in page.records { printLine(AuditJSON.line(record)) }
                guard let next = page.nextCursor else { break }
                filter.before = next
            }
        }
    }
}

/// The audit log of `data_dir`, or exit 1 naming the database problem.
func openAudit(_ config: GatewayConfig) throws -> SQLiteAuditLog {
    do { return SQLiteAuditLog(database: try GatewayDatabase(dataDir: config.dataDir)) } catch {
        printError("aurora-gateway: \(error)")
        throw ExitCode(1)
    }
}

/// Runs a read of the audit log, or exits 1 naming what failed.
func readOrExit<T>(_ body: () async throws(AuditFailure) -> T) async throws -> T {
    do { return try await body() } catch {
        printError("aurora-gateway: audit log: \(error.detail)")
        throw ExitCode(1)
    }
}

/// An RFC 3339 option, or a usage error (exit 2) naming it.
func time(_ text: String?, _ option: String) throws -> Date? {
    guard let text else { return nil }
    guard let date = AuditTime.parse(text) else {
        throw ValidationError("\(option) \"\(text)\" is not an RFC 3339 time, e.g. 2026-11-30T00:00:00Z")
    }
    return date
}
