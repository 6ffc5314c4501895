import Foundation
@testable import GatewayCore
import GatewayStore
import Testing
import TestSupport

/// Token checks look tokens up by the peppered digest of the whole secret (there is no id part to find first), so an
/// unknown token and a guess that shares most of a real token's characters take the same path: digest, one indexed
/// lookup, no match. This measures that they also take the same time (no timing oracle for guessing secrets).
@Suite("token checks take the same time for unknown tokens and wrong secrets")
struct TokenTimingTests {
    @Test("medians of interleaved checks of unknown tokens and of a real token with one character changed agree within 35 %")
    func noTimingOracle() async throws {
        let dir = RepoPaths.temporaryDirectory("agw-timing")
        let database = try GatewayDatabase(dataDir: dir.path)
        let store = SQLiteTokenStore(database: database)
        let hasher = TokenHasher(pepper: try TokenHasher.loadOrCreatePepper(dataDir: dir.path))
        let authenticator = Authenticator(store: store, hasher: hasher, directory: CachingDirectory(backend: StaticDirectory(users: ["alice": ["g"]])),
                                          serviceAccounts: [])
        let (_, secret) = try await TokenIssuer(store: store, hasher: hasher).issue(owner: "alice", kind: .user, name: "t", scopes: [], expiresInDays: 1)
        // A guess: the real secret with its last random character changed and a valid checksum, so the check gets
        // past the format and reaches the store, as a guess that is nearly right would.
        let real = secret.text
        func variant(_ index: Int) -> String {
            if index % 2 == 0 { return TokenSecret.generate(kind: .user).text }
            let keep = real.prefix(5 + TokenSecret.randomLength - 1)
            let last = real.dropFirst(keep.count).first
            let body = String(keep) + (last == "z" ? "y" : "z")
            return body + TokenSecret.checksum(of: body)
        }
        var unknown: [Double] = [], wrong: [Double] = []
        for index in 0..<4000 {
            let presented = variant(index)
            let started = ContinuousClock.now
            _ = try? await authenticator.authenticate(authorization: "Bearer \(presented)", sourceIP: nil)
            let micros = Double((ContinuousClock.now - started).components.attoseconds) / 1e12
            if index % 2 == 0 { unknown.append(micros) } else { wrong.append(micros) }
        }
        let a = unknown.sorted()[unknown.count / 2], b = wrong.sorted()[wrong.count / 2]
        #expect(a / b > 0.65 && a / b < 1.54, "unknown \(a) µs vs wrong secret \(b) µs")
        // And both are refused the same way.
        let refusal = await #expect(throws: AuthenticationFailure.self) {
            try await authenticator.authenticate(authorization: "Bearer \(variant(1))", sourceIP: nil)
        }
        #expect(refusal == .unknown)
    }
}
