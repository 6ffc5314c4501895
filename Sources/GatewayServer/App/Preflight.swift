import AuroraThrift
import Foundation
public import GatewayCore
import GatewayStore
import Kerberos
public import Logging
import Sandbox
import SchedulerClient

/// One line of `aurora-gateway check`.
public struct PreflightLine: Sendable {
    /// Whether the check passed.
    public let ok: Bool
    /// What was checked (`kerberos`, `cluster build`, …).
    public let name: String
    /// What was found, or what is wrong and how to fix it.
    public let detail: String

    /// The printed form: `ok   name: detail` or `FAIL name: detail`.
    public var text: String { "\(ok ? "ok  " : "FAIL") \(name): \(detail)" }
}

/// How `check` ends: exit 0, 1 or 2 (contract §1).
public enum PreflightOutcome: Sendable, Equatable {
    /// Every check passed.
    case passed
    /// A check failed.
    case failed
    /// The configuration cannot work (exit 2).
    case misconfigured
}

/// Everything `serve` needs, checked without serving: ticket, every cluster through the real client path,
/// database, directory.
public enum Preflight {
    /// Runs the checks after the config has loaded, calling `report` as each line is known.
    public static func run(config: GatewayConfig, logger: Logger, report: (PreflightLine) -> Void) async -> PreflightOutcome {
        var allOK = true
        func emit(_ line: PreflightLine) {
            allOK = allOK && line.ok
            report(line)
        }
        let parts: GatewayParts
        do { parts = try GatewayParts.live(config: config, logger: logger) } catch {
            if case .configuration(let problem) = error {
                emit(PreflightLine(ok: false, name: "config", detail: problem.description))
                return .misconfigured
            }
            emit(PreflightLine(ok: false, name: "startup", detail: error.description))
            return .failed
        }
        if let credential = parts.credential {
            do {
                let status = try await credential.acquire()
                let expiry = status.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "?"
                emit(PreflightLine(ok: true, name: "kerberos",
                                   detail: "\(status.principal) from \(credential.settings.keytab): ticket valid until \(expiry)"))
            } catch {
                emit(PreflightLine(ok: false, name: "kerberos", detail: error.description))
            }
        }
        for client in parts.clusters.all {
            emit(await checkCluster(client))
        }
        do {
            try await parts.database.checkWritable()
            let (journal, synchronous) = try parts.database.durability()
            emit(PreflightLine(ok: true, name: "database",
                               detail: "\(parts.database.path) writable (journal_mode=\(journal), synchronous=\(synchronous == 2 ? "FULL" : String(synchronous)))"))
        } catch {
            emit(PreflightLine(ok: false, name: "database", detail: error.description))
        }
        emit(await checkDirectory(config.directory, parts.directory))
        var misconfigured = false
        if let settings = config.sandbox {
            do {
                let runner = try SSHSandboxRunner(settings: settings)
                emit(PreflightLine(ok: true, name: "sandbox", detail: "\(settings.sshKey): \(runner.summary)"))
            } catch {
                emit(PreflightLine(ok: false, name: "sandbox", detail: error.description))
                misconfigured = true
            }
        }
        emit(PreflightLine(ok: true, name: "policy",
                           detail: "\(config.policy.count) rules, admin groups: \(config.adminGroups.isEmpty ? "none" : config.adminGroups.joined(separator: ", ")), \(config.serviceAccounts.count) service accounts"))
        return misconfigured ? .misconfigured : allOK ? .passed : .failed
    }

    /// Asks the directory about a login that does not exist: the answer proves it can be reached (and, for
    /// cern-authz, that the client credentials are accepted).
    private static func checkDirectory(_ settings: DirectoryConfig, _ directory: CachingDirectory) async -> PreflightLine {
        let what: String
        if let ldap = settings.ldap {
            what = "ldap \(ldap.url) answered a user search under \(ldap.userBase) (bound as \(ldap.bindDN ?? "anonymous"))"
        } else if let authz = settings.cernAuthz {
            what = "cern-authz \(authz.apiURL) answered a group lookup with a token for client \(authz.clientID) from \(authz.tokenURL)"
        } else {
            return PreflightLine(ok: true, name: "directory", detail: "static: \(settings.users.count) users configured")
        }
        do {
            _ = try await directory.membership(of: "aurora-gateway-check-probe")
            return PreflightLine(ok: true, name: "directory", detail: what)
        } catch {
            return PreflightLine(ok: false, name: "directory", detail: error.description)
        }
    }

    private static func checkCluster(_ client: any SchedulerClient) async -> PreflightLine {
        let name = "cluster \(client.cluster.name)"
        let started = ContinuousClock.now
        do {
            let reply = try await client.probe()
            let elapsed = ContinuousClock.now - started
            let ms = Int(Durations.seconds(elapsed) * 1000)
            let response = reply.response
            guard response.responseCode == .ok else {
                return PreflightLine(ok: false, name: name, detail: "\(reply.answeredBy) answered getRoleSummary with \(response.responseCode?.description ?? "no responseCode"): \(response.message)")
            }
            var roles = 0
            if case .roleSummaryResult(let result)? = response.result { roles = result.summaries?.count ?? 0 }
            let principal = reply.upstreamPrincipal.map { " as \($0)" } ?? ""
            return PreflightLine(ok: true, name: name, detail: "\(reply.answeredBy) answered getRoleSummary\(principal) in \(ms) ms: \(roles) roles")
        } catch {
            return PreflightLine(ok: false, name: name, detail: error.description)
        }
    }
}
