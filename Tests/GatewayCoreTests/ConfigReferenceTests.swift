import Foundation
import GatewayCore
import Testing
import TestSupport

@Suite("docs/configuration.md documents exactly the keys the loader accepts")
struct ConfigReferenceTests {
    /// The backticked key in the first column of every table row of the reference.
    static func documentedKeys() throws -> Set<String> {
        let text = try String(contentsOf: RepoPaths.root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        var keys = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3)
            guard let end = cell.firstIndex(of: "`") else { continue }
            keys.insert(String(cell[..<end]))
        }
        return keys
    }

    @Test("every accepted key is documented, and every documented key is accepted")
    func sameKeys() throws {
        let documented = try Self.documentedKeys()
        let accepted = Set(GatewayConfig.referenceKeys)
        #expect(accepted.count > 60)
        #expect(accepted.subtracting(documented).sorted() == [], "accepted by the loader but missing from docs/configuration.md")
        #expect(documented.subtracting(accepted).sorted() == [], "documented in docs/configuration.md but rejected by the loader")
    }

    @Test("each documented top-level key really loads, and a misspelt one is refused naming the allowed keys")
    func topLevelKeysLoad() throws {
        #expect(throws: Never.self) { try GatewayConfig.parse("log_format: text\nshutdown_timeout: 10s\ntrusted_proxies: [10.0.0.0/8, \"::1\"]\n") }
        let error = #expect(throws: ConfigError.self) { try GatewayConfig.parse("log_formt: text\n") }
        #expect(error?.description.contains("log_format") == true)
    }
}

@Suite("the shipped example configurations load")
struct ExampleConfigTests {
    /// The YAML with every quoted file path under /etc or /run pointed at a readable stand-in file.
    static func withStandInFiles(_ text: String) throws -> String {
        let dir = RepoPaths.temporaryDirectory("agw-example")
        var out = text
        let pattern = try NSRegularExpression(pattern: #""(/(?:etc|run)/[^"]+)""#)
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        for (index, match) in matches.enumerated() {
            guard let range = Range(match.range(at: 1), in: text) else { continue }
            let original = String(text[range])
            let standIn = dir.appendingPathComponent("file\(index)-" + (original.split(separator: "/").last.map(String.init) ?? "x")).path
            try Data("stand-in-secret-value-0123456789\n".utf8).write(to: URL(fileURLWithPath: standIn))
            out = out.replacingOccurrences(of: "\"\(original)\"", with: "\"\(standIn)\"")
        }
        return out
    }

    @Test("deploy/gateway.example.yaml loads (its files replaced by stand-ins) with the build cluster as the guide describes it")
    func exampleLoads() throws {
        let text = try String(contentsOf: RepoPaths.root.appendingPathComponent("deploy/gateway.example.yaml"), encoding: .utf8)
        let config = try GatewayConfig.parse(try Self.withStandInFiles(text))
        let build = try #require(config.clusters.first { $0.name == "build" })
        #expect(build.authMechanism == .kerberos)
        #expect(build.slaveRoot != nil && build.slaveRunDirectory != nil)
        #expect(config.kerberos != nil)
        #expect(config.production.logFormat == .json)
    }
}
