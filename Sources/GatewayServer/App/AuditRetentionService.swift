import Foundation
import GatewayCore
import Logging
import ServiceLifecycle

/// Prunes audit records older than `audit.retention` at start and then hourly, through the log's one pruning
/// path (which leaves a checkpoint so `audit verify` still passes).
struct AuditRetentionService: Service {
    let audit: any AuditLog
    let retention: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let cutoff = Date().addingTimeInterval(-Durations.seconds(retention))
                do {
                    let removed = try await audit.prune(before: cutoff)
                    if removed > 0 { logger.notice("audit.prune", metadata: ["removed": .stringConvertible(removed)]) }
                } catch {
                    logger.error("audit.prune failed", metadata: ["error": .string("\(error)")])
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
