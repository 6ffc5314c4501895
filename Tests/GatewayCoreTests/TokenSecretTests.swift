import Foundation
import GatewayCore
import TestSupport
import Testing

@Suite("Token secrets: format, checksum, peppered digests")
struct TokenSecretTests {
    @Test("generated secrets parse back, with their kind", arguments: TokenKind.allCases)
    func roundTrip(kind: TokenKind) throws {
        for _ in 0..<200 {
            let secret = TokenSecret.generate(kind: kind)
            #expect(secret.text.count == TokenSecret.length)
            #expect(secret.text.hasPrefix(kind.prefix))
            #expect(try TokenSecret(parsing: secret.text) == secret)
        }
    }

    @Test("a one-character typo fails the checksum before any lookup")
    func typo() {
        let secret = TokenSecret.generate(kind: .user).text
        var chars = Array(secret)
        chars[10] = chars[10] == "a" ? "b" : "a"
        #expect(throws: TokenFormatError.badChecksum) { try TokenSecret(parsing: String(chars)) }
    }

    @Test("malformed tokens are named without echoing them")
    func malformed() {
        let valid = TokenSecret.generate(kind: .service).text
        #expect(throws: TokenFormatError.wrongLength(TokenSecret.length)) { try TokenSecret(parsing: String(valid.dropLast())) }
        #expect(throws: TokenFormatError.unknownPrefix) { try TokenSecret(parsing: "ghp_x" + valid.dropFirst(5)) }
        #expect(throws: TokenFormatError.invalidCharacters) { try TokenSecret(parsing: String(valid.dropLast()) + "!") }
        let error = TokenFormatError.badChecksum
        #expect(!error.description.contains(valid))
    }

    @Test("digests depend on the pepper; the pepper file is created once with mode 0600")
    func pepper() throws {
        let dir = RepoPaths.temporaryDirectory().appendingPathComponent("data").path
        let pepper = try TokenHasher.loadOrCreatePepper(dataDir: dir)
        #expect(pepper.count == 32)
        #expect(try TokenHasher.loadOrCreatePepper(dataDir: dir) == pepper)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/token-pepper")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let secret = TokenSecret.generate(kind: .user)
        let digest = TokenHasher(pepper: pepper).digest(secret)
        #expect(digest.count == 64)
        #expect(digest != TokenHasher(pepper: Array(repeating: 1, count: 32)).digest(secret))
        #expect(!digest.contains(secret.text))
    }

    @Test("a missing pepper is never silently replaced once tokens exist")
    func lostPepper() throws {
        let dir = RepoPaths.temporaryDirectory().appendingPathComponent("data").path
        _ = try TokenHasher.loadOrCreatePepper(dataDir: dir)
        try FileManager.default.removeItem(atPath: dir + "/token-pepper")
        let error = #expect(throws: ConfigError.self) { try TokenHasher.loadOrCreatePepper(dataDir: dir, mayCreate: false) }
        #expect(error?.problem.contains("restore the pepper from backup") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/token-pepper"))
    }
}
