import Foundation
import GatewayCore
import Testing

@Suite("No token secret or pepper in logs, the database, answers or errors")
struct SecretHygieneTests {
    @Test("after successes and every kind of failure, no secret or pepper is found anywhere the gateway writes")
    func noSecretsAnywhere() async throws {
        let gateway = try await RunningGateway.start(MatrixFixture.configure)
        let alice = try await gateway.issue("alice"), dave = try await gateway.issue("dave")
        var secrets = [alice.secret, dave.secret]
        var answers: [String] = []
        let created = try await gateway.call("POST", "/v1/tokens", token: dave.secret, json: ["owner": "ci-bot"])
        let createdSecret = try #require(created.object["secret"] as? String)
        secrets.append(createdSecret)
        for secret in secrets {
            answers.append(try await gateway.call("GET", "/v1/me", token: secret).text)
            answers.append(try await gateway.call("GET", "/v1/tokens", token: secret).text)
            answers.append(try await gateway.call("GET", "/v1/me?access_token=\(secret)").text)
            answers.append(try await gateway.call("GET", "/v1/me", token: String(secret.dropLast()) + "0").text)
            answers.append(try await gateway.call("GET", "/v1/me", authorization: "Token \(secret)").text)
            answers.append(try await gateway.call("POST", "/v1/tokens", token: secret,
                                                  json: ["scopes": [["actions": ["job.kill"], "on": ["prod/x/y/z"]]]]).text)
        }
        _ = try await gateway.call("DELETE", "/v1/tokens/\(alice.record.id)", token: alice.secret)
        answers.append(try await gateway.call("GET", "/v1/me", token: alice.secret).text)
        await gateway.stop()

        let pepper = try Data(contentsOf: URL(fileURLWithPath: gateway.dataDir + "/token-pepper"))
        var haystacks = answers + [gateway.logs.all]
        for name in try FileManager.default.contentsOfDirectory(atPath: gateway.dataDir) where name.hasPrefix("gateway.sqlite") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: gateway.dataDir + "/" + name))
            #expect(bytes.range(of: pepper) == nil, "\(name) holds the pepper")
            haystacks.append(String(decoding: bytes, as: UTF8.self))
        }
        let pepperHex = pepper.map { String(format: "%02x", $0) }.joined()
        #expect(!gateway.logs.all.isEmpty)
        for haystack in haystacks {
            for secret in secrets {
                #expect(!haystack.contains(secret))
                #expect(!haystack.contains(String(secret.dropFirst(5).prefix(32))))
            }
            #expect(!haystack.contains(pepperHex))
        }
    }
}
