import Crypto
import Foundation
public import NIOSSH

extension NIOSSHPublicKey {
    /// `SHA256:…` as `ssh-keygen -l` prints it, for messages (never the key itself).
    public var fingerprint: String {
        let line = String(openSSHPublicKey: self)
        let blob = line.split(separator: " ").dropFirst().first.flatMap { Data(base64Encoded: String($0)) } ?? Data()
        return "SHA256:" + Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }
}
