import GatewayCore
import NIOCore
import NIOSSH

/// Accepts the host key only when known_hosts pins it for this host and port; nothing is ever added.
struct PinnedHostKey: NIOSSHClientServerAuthenticationDelegate {
    let knownHosts: KnownHosts
    let host: String
    let port: Int

    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        switch knownHosts.verdict(host: host, port: port, key: hostKey) {
        case .trusted: validationCompletePromise.succeed(())
        case .unknown: validationCompletePromise.fail(SandboxError.hostKeyUnknown(host: name, offered: hostKey.fingerprint))
        case .mismatch: validationCompletePromise.fail(SandboxError.hostKeyMismatch(host: name, offered: hostKey.fingerprint))
        case .revoked: validationCompletePromise.fail(SandboxError.hostKeyRevoked(host: name, offered: hostKey.fingerprint))
        }
    }
}

/// Offers the gateway's key once; when the server asks again, the key was refused, and the attempt fails (answering
/// "no more offers" would leave the connection waiting).
final class OneKeyAuthentication: NIOSSHClientUserAuthenticationDelegate {
    let user: String
    let host: String
    let key: NIOSSHPrivateKey
    let keyLine: String
    private var offered = false

    init(user: String, host: String, key: NIOSSHPrivateKey, keyLine: String) {
        self.user = user
        self.host = host
        self.key = key
        self.keyLine = keyLine
    }

    func nextAuthenticationType(availableMethods: NIOSSHAvailableUserAuthenticationMethods,
                                nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>) {
        guard !offered, availableMethods.contains(.publicKey) else {
            nextChallengePromise.fail(SandboxError.keyRefused(user: user, host: host, key: keyLine))
            return
        }
        offered = true
        nextChallengePromise.succeed(NIOSSHUserAuthenticationOffer(username: user, serviceName: "", offer: .privateKey(.init(privateKey: key))))
    }
}
