import GatewayAPI
import GatewayCore

/// The REST adapter: each generated operation decodes its input, calls the core service, and encodes the
/// answer. Authentication and authorization happened before (`GatewayMiddleware`, `OperationGate`).
struct APIHandler: APIProtocol {
    let tokens: TokenService
    let authorizer: Authorizer
    let audit: any AuditLog
    let scheduler: SchedulerCalls
    let sandbox: SandboxAccess

    func me(_ input: Operations.Me.Input) async throws -> Operations.Me.Output {
        let caller = try RequestScope.requireCaller()
        return .ok(.init(body: .json(MeView.make(caller, authorizer: authorizer))))
    }

    func tokens_list(_ input: Operations.Tokens_list.Input) async throws -> Operations.Tokens_list.Output {
        let caller = try RequestScope.requireCaller()
        let records = try await tokens.list(by: caller, owner: input.query.owner)
        return .ok(.init(body: .json(.init(tokens: records.map { TokenView.make($0) }))))
    }

    func tokens_create(_ input: Operations.Tokens_create.Input) async throws -> Operations.Tokens_create.Output {
        let caller = try RequestScope.requireCaller()
        guard case .json(let body) = input.body else { throw GatewayProblem.badRequest("send the token request as application/json") }
        let request = TokenRequest(name: body.name, owner: body.owner,
                                   scopes: body.scopes?.map { TokenScope(actions: $0.actions, on: $0.on ?? ["*/*/*/*"]) },
                                   expiresInDays: body.expiresInDays)
        let (record, secret) = try await tokens.create(by: caller, request)
        AuditNotes.current?.result("created token \(record.id) (\(record.kind.rawValue)) for \(record.owner), expires \(AuditTime.format(record.expiresAt))")
        return .created(.init(body: .json(.init(value1: TokenView.make(record), value2: .init(secret: secret.text)))))
    }

    func tokens_get(_ input: Operations.Tokens_get.Input) async throws -> Operations.Tokens_get.Output {
        let caller = try RequestScope.requireCaller()
        return .ok(.init(body: .json(TokenView.make(try await tokens.get(by: caller, id: input.path.id)))))
    }

    func tokens_revoke(_ input: Operations.Tokens_revoke.Input) async throws -> Operations.Tokens_revoke.Output {
        let caller = try RequestScope.requireCaller()
        let revoked = try await tokens.revoke(by: caller, id: input.path.id)
        AuditNotes.current?.result("revoked token \(revoked.id) of \(revoked.owner)")
        return .ok(.init(body: .json(TokenView.make(revoked))))
    }
}
