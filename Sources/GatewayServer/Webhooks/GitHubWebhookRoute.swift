import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /v1/webhooks/github`: the signature is checked against every configured secret before anything is parsed;
/// the matching secret selects the repository, which the payload must name. The delivery is then recorded in the
/// audit log and queued in SQLite, and GitHub gets 202 at once; the worker does the rest. A redelivery (same
/// `X-GitHub-Delivery` within 72 hours) gets 200 and changes nothing.
struct GitHubWebhookRoute: Sendable {
    let repositories: [GitHubRepository]
    let store: any WebhookStore
    let audit: any AuditLog
    let wake: @Sendable () -> Void
    /// GitHub caps payloads at 25 MB; pull request and comment events are far smaller.
    static let maxBody = 5 << 20
    static let signatureHeader = HTTPField.Name("X-Hub-Signature-256")!
    static let eventHeader = HTTPField.Name("X-GitHub-Event")!
    static let deliveryHeader = HTTPField.Name("X-GitHub-Delivery")!

    func handle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let requestID = RequestScope.current?.requestID ?? "req"
        var record = AuditRecord(id: requestID, phase: .decided, actor: "anonymous", authKind: "webhook", action: "webhook.github", decision: "deny")
        record.sourceIP = RequestScope.current?.sourceIP ?? context.sourceIP
        record.userAgent = request.headers[.userAgent]
        record.request = "POST /v1/webhooks/github"
        do {
            let (status, body) = try await receive(request, record: &record)
            record.decision = "allow"
            record.httpStatus = status
            try await writeAudit(record)
            if status == 202 { wake() }
            return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        } catch let problem as GatewayProblem {
            record.httpStatus = problem.status
            record.error = problem.detail
            try await writeAudit(record)
            throw problem
        }
    }

    private func receive(_ request: Request, record: inout AuditRecord) async throws(GatewayProblem) -> (Int, [UInt8]) {
        let body: [UInt8]
        do { body = Array(buffer: try await request.body.collect(upTo: Self.maxBody)) } catch {
            throw GatewayProblem(status: 413, kind: "too-large", title: "Request body too large",
                                 detail: "the webhook body is over \(Self.maxBody) bytes: the gateway acts only on pull_request, issue_comment and ping events")
        }
        guard let signature = request.headers[Self.signatureHeader] else {
            throw GatewayProblem(status: 401, kind: "bad-signature", title: "Signature missing",
                                 detail: "X-Hub-Signature-256 is missing: set a secret on the GitHub webhook (the same as the repository's secret_file)")
        }
        // Every secret is tried (no early exit), so timing does not tell which repositories are configured.
        var matched: GitHubRepository?
        for repository in repositories where GitHubSignature.matches(header: signature, body: body, secret: repository.secret) {
            matched = matched ?? repository
        }
        guard let repository = matched else {
            throw GatewayProblem(status: 401, kind: "bad-signature", title: "Signature does not match",
                                 detail: "X-Hub-Signature-256 matches no configured webhook secret: make the webhook's secret on GitHub equal the content of the repository's secret_file")
        }
        guard let event = request.headers[Self.eventHeader], !event.isEmpty,
              let delivery = request.headers[Self.deliveryHeader], !delivery.isEmpty, delivery.count <= 100 else {
            throw .badRequest("X-GitHub-Event and X-GitHub-Delivery are required: send the webhook as GitHub does", kind: "bad-webhook")
        }
        record.reason = "delivery \(delivery), event \(event), repository \(repository.repository)"
        let parsed: (repository: String, sender: String, event: GitHubEvent)
        do { parsed = try GitHubEvent.parse(event: event, body: body) } catch {
            throw .badRequest("the \(event) payload cannot be read: \(error.description)", kind: "bad-webhook")
        }
        if !parsed.sender.isEmpty { record.actor = "github:\(parsed.sender)" }
        guard parsed.repository.caseInsensitiveCompare(repository.repository) == .orderedSame else {
            throw GatewayProblem(status: 403, kind: "wrong-repository", title: "Wrong repository",
                                 detail: "the payload is from \(parsed.repository), but its signature is the secret of \(repository.repository): give each repository's webhook its own secret")
        }
        let queued: Bool
        do {
            queued = try await store.enqueue(WebhookDelivery(id: delivery, repository: repository.repository, event: event, receivedAt: Date(), body: body))
        } catch {
            throw GatewayProblem(status: 503, kind: "unavailable", title: "Queue unavailable",
                                 detail: "the delivery could not be queued in the database (\(error)): GitHub can redeliver it once the disk is writable",
                                 headers: ["Retry-After": "30"])
        }
        let answer: [String: Any] = ["delivery": delivery, "event": event, "queued": queued, "duplicate": !queued]
        return (queued ? 202 : 200, [UInt8]((try? JSONSerialization.data(withJSONObject: answer, options: [.sortedKeys])) ?? Data()))
    }

    /// The receipt's record; if it cannot be written, the delivery is refused with 503 (GitHub can redeliver).
    private func writeAudit(_ record: AuditRecord) async throws {
        do { _ = try await audit.append(record) } catch {
            throw GatewayProblem(status: 503, kind: "audit-unavailable", title: "Audit log unavailable",
                                 detail: "the audit record of this delivery cannot be written (\(error.detail)): redeliver it from GitHub once the database is writable",
                                 headers: ["Retry-After": "30"])
        }
    }
}
