import Foundation
import GatewayAPI
import GatewayCore

/// A token's public fields as the API shows them (never the secret or its digest).
enum TokenView {
    static func make(_ record: TokenRecord, now: Date = Date()) -> Components.Schemas.Token {
        let state: Components.Schemas.Token.StatePayload =
            record.revokedAt != nil ? .revoked : (record.expiresAt <= now ? .expired : .active)
        return .init(id: record.id, name: record.name, owner: record.owner, kind: kind(record.kind),
                     scopes: record.scopes.map(scope), createdAt: record.createdAt, expiresAt: record.expiresAt,
                     lastUsedAt: record.lastUsedAt, lastUsedIp: record.lastUsedIP, revokedAt: record.revokedAt,
                     revokedBy: record.revokedBy, state: state)
    }

    static func kind(_ kind: TokenKind) -> Components.Schemas.TokenKind { kind == .service ? .service : .user }

    static func scope(_ scope: TokenScope) -> Components.Schemas.TokenScope { .init(actions: scope.actions, on: scope.on) }
}
