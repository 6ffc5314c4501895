import GatewayCore
import Testing

@Suite("Aurora identifiers: the scheduler's pattern, without the path parts . and ..")
struct AuroraIdentifierTests {
    @Test("letters, digits, _ - . are identifiers; . and .. and anything else are not", arguments: [
        ("hello", true), ("www-data", true), ("a.b_c-1", true), (".hidden", true), ("...", true),
        (".", false), ("..", false), ("", false), ("a/b", false), ("a b", false), ("é", false), ("a\n", false),
    ])
    func pattern(text: String, valid: Bool) {
        #expect(AuroraIdentifier.isValid(text) == valid)
    }

    @Test("port names and tiers take no dots")
    func withoutDots() {
        #expect(AuroraIdentifier.isValid("http", allowingDots: false))
        #expect(!AuroraIdentifier.isValid("a.b", allowingDots: false))
    }

    @Test("a rendered name keeps the allowed bytes and turns the rest into -")
    func sanitized() {
        #expect(AuroraIdentifier.sanitized("pr-12/feature x") == "pr-12-feature-x")
        #expect(AuroraIdentifier.sanitized(String(repeating: "a", count: 400)).count == AuroraIdentifier.maxLength)
    }
}
