public import Logging

/// The one path every operation takes, whatever the front end: authorize → durable `decided` record →
/// run → `completed` record. A `decided` record that cannot be written stops the operation with a 503.
public struct OperationPipeline: Sendable {
    /// Policy and scopes.
    public let authorizer: Authorizer
    /// The audit log.
    public let audit: any AuditLog
    /// How reads are recorded.
    public let settings: AuditSettings
    /// Where audit failures are reported.
    public let logger: Logger

    /// Creates the pipeline.
    public init(authorizer: Authorizer, audit: any AuditLog, settings: AuditSettings, logger: Logger) {
        self.authorizer = authorizer
        self.audit = audit
        self.settings = settings
        self.logger = logger
    }

    /// Runs `execute` if `caller` may do `operation` on `target`; `execute` answers its result and HTTP status.
    public func run<T: Sendable>(_ operation: Operation, target: PolicyTarget, caller: Caller, request: RequestInfo,
                                 execute: @Sendable () async throws -> (T, Int)) async throws -> T {
        let decision = authorizer.decide(caller, operation, target: target)
        var decided = AuditRecords.decided(operation, target: target, caller: caller, request: request, decision: decision)
        guard decision.allowed else {
            decided.httpStatus = 403
            decided.error = decision.reason
            await appendOrLog(decided)
            throw decision.problem
        }
        do { _ = try await audit.append(decided) } catch { throw error.problem }
        let notes = AuditNotes()
        let completes = !request.isRead || settings.reads == .full
        do {
            let (result, status) = try await AuditNotes.$current.withValue(notes) { try await execute() }
            if completes {
                await appendOrLog(AuditRecords.completed(decided, request: request, notes: notes.upstream, status: status, error: nil))
            }
            return result
        } catch {
            let problem = error as? GatewayProblem
            // A failed read gets its outcome recorded too, even at `reads: metadata`.
            if completes || request.isRead {
                await appendOrLog(AuditRecords.completed(decided, request: request, notes: notes.upstream,
                                                         status: problem?.status ?? 500, error: problem?.detail ?? "internal error"))
            }
            throw error
        }
    }

    /// Appends a record whose failure cannot change the answer any more (a refusal, or an operation already done).
    public func appendOrLog(_ record: AuditRecord) async {
        do { _ = try await audit.append(record) } catch {
            logger.critical("audit.append failed", metadata: ["request_id": .string(record.id), "phase": .string(record.phase.rawValue),
                                                               "action": .string(record.action), "error": .string(error.detail)])
        }
    }
}
