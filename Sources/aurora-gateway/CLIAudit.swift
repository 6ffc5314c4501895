import ArgumentParser
import Foundation
import GatewayCore
import GatewayStore

/// Audit records for what the CLI changes directly in the database (the break-glass path is audited too):
/// a durable `decided` record before the change, a `completed` one after; no record, no change.
struct CLIAudit {
    let audit: SQLiteAuditLog
    let decided: AuditRecord

    /// Writes the `decided` record, or exits 1 without changing anything.
    static func begin(config: GatewayConfig, action: String, body: [String: Any], reason: String) async throws -> CLIAudit {
        let audit = try openAudit(config)
        let user = ProcessInfo.processInfo.userName
        var record = AuditRecord(id: "cli_\(UUID().uuidString.prefix(16))", phase: .decided, actor: "cli:\(user)",
                                 authKind: "cli", action: action, decision: "allow")
        record.rule = "cli"
        record.reason = reason
        record.request = "aurora-gateway " + CommandLine.arguments.dropFirst().prefix(2).joined(separator: " ")
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        record.requestBody = RequestDigest.redactedBody(Array(data))
        record.requestDigest = RequestDigest.digest(method: "CLI", path: action, query: [], body: Array(data))
        do { _ = try await audit.append(record) } catch {
            printError("aurora-gateway: the audit log cannot be written (\(error.detail)), so nothing was changed")
            throw ExitCode(1)
        }
        return CLIAudit(audit: audit, decided: record)
    }

    /// Writes the `completed` record; a failure is reported but cannot undo the change.
    func complete(error: String? = nil, result: String? = nil) async {
        var record = AuditRecord(id: decided.id, phase: .completed, actor: decided.actor, authKind: "cli",
                                 action: decided.action, decision: "allow")
        record.rule = "cli"
        record.request = decided.request
        record.requestDigest = decided.requestDigest
        record.error = error
        record.responseDetails = result
        do { _ = try await audit.append(record) } catch {
            printError("aurora-gateway: warning: the completed audit record could not be written: \(error.detail)")
        }
    }
}
