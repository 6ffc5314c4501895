import Foundation
import GatewayCore
import NIOSSH
import Sandbox
import TestSupport
import Testing

@Suite("the gateway's SSH key file and known_hosts: what loads, and the errors that name the fix")
struct SSHKeyFileTests {
    @Test("ed25519 and ECDSA keys from ssh-keygen load; passphrase, RSA, open modes and garbage are refused by name")
    func keyFiles() async throws {
        let sshd = try await TestSSHD.shared()
        _ = try OpenSSHPrivateKey.load(path: sshd.path("client_ed25519"))
        _ = try OpenSSHPrivateKey.load(path: sshd.path("client_ecdsa"))
        let scratch = RepoPaths.temporaryDirectory("agw-key")
        let garbage = scratch.appendingPathComponent("garbage").path
        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: garbage))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: garbage)
        for (file, phrase) in [(sshd.path("client_encrypted"), "passphrase"), (sshd.path("client_rsa"), "ed25519"), (garbage, "not an OpenSSH private key")] {
            #expect { _ = try OpenSSHPrivateKey.load(path: file) } throws: { error in
                "\(error)".contains(phrase) && "\(error)".contains(file)
            }
        }
        let open = scratch.appendingPathComponent("id").path
        try FileManager.default.copyItem(atPath: sshd.path("client_ed25519"), toPath: open)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        #expect { _ = try OpenSSHPrivateKey.load(path: open) } throws: { "\($0)".contains("chmod 600") }
        let settings = SandboxSettings(sshKey: sshd.path("client_encrypted"), knownHosts: sshd.path("known_hosts"))
        #expect { _ = try SSHSandboxRunner(settings: settings) } throws: { "\($0)".contains("sandbox.ssh_key") }
    }

    @Test("known_hosts: plain, [host]:port, wildcards, negation, comments, and lines of unusable types skipped")
    func knownHosts() async throws {
        let sshd = try await TestSSHD.shared()
        let hostKey = try String(contentsOfFile: sshd.path("host_ed25519.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let rsa = try String(contentsOfFile: sshd.path("client_rsa.pub"), encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let hosts = KnownHosts(text: """
        # agents
        agent*.cern.ch,!agent9.cern.ch \(hostKey)
        [10.0.0.1]:2222 \(hostKey)
        rsa-only.cern.ch \(rsa)
        @cert-authority *.cern.ch \(hostKey)
        """)
        #expect(hosts.count == 2 && hosts.skippedLines == 2)
        let parsed = try NIOSSHPublicKey(openSSHPublicKey: hostKey)
        #expect(hosts.verdict(host: "agent1.cern.ch", port: 22, key: parsed) == .trusted)
        #expect(hosts.verdict(host: "AGENT1.cern.ch", port: 22, key: parsed) == .trusted)
        #expect(hosts.verdict(host: "agent9.cern.ch", port: 22, key: parsed) == .unknown)
        #expect(hosts.verdict(host: "agent1.cern.ch", port: 2222, key: parsed) == .unknown)
        #expect(hosts.verdict(host: "10.0.0.1", port: 2222, key: parsed) == .trusted)
        #expect(hosts.verdict(host: "10.0.0.1", port: 22, key: parsed) == .unknown)
    }
}
