import CGSSAPI
import Dispatch

/// The server side of SPNEGO: checks `Authorization: Negotiate` tokens against a keytab,
/// as Aurora's scheduler does (used by the simulator and the tests).
public final class SPNEGOAcceptor: @unchecked Sendable {
    // The credential is immutable after init; MIT GSS allows concurrent accepts with one cred.
    private let cred: gss_cred_id_t
    private static let queue = DispatchQueue(label: "aurora-gateway.spnego-accept", attributes: .concurrent)

    /// Loads acceptor credentials for `principal` (or any key in the keytab when nil).
    public init(keytab: String, principal: String?) throws(KerberosError) {
        let found = try Keytab.principals(in: keytab)
        if let principal, !found.contains(principal) {
            throw .principalNotInKeytab(principal: principal, keytab: keytab, found: found)
        }
        let name = try principal.map { (p) throws(KerberosError) in try GSSName(principal: p) }
        var minor: OM_uint32 = 0
        var cred: gss_cred_id_t?
        let major = CredentialAcquisition.withCredentialStore(["keytab": "FILE:\(keytab)"]) { store in
            gss_acquire_cred_from(&minor, name?.handle, 0, cgss_no_oid_set(), gss_cred_usage_t(GSS_C_ACCEPT),
                                  store, &cred, nil, nil)
        }
        guard cgss_is_error(major) == 0, let cred else {
            throw .gss(operation: "loading acceptor credentials from \(keytab)", detail: GSSStatus.message(major: major, minor: minor))
        }
        self.cred = cred
    }

    deinit {
        var minor: OM_uint32 = 0
        var handle: gss_cred_id_t? = cred
        gss_release_cred(&minor, &handle)
    }

    /// Accepts one token off the cooperative pool and returns the client's principal name.
    public func accept(token: [UInt8]) async throws(KerberosError) -> String {
        let result: Result<String, KerberosError> = await withCheckedContinuation { continuation in
            Self.queue.async {
                continuation.resume(returning: Result { () throws(KerberosError) in try self.acceptBlocking(token: token) })
            }
        }
        return try result.get()
    }

    /// Accepts one token on the calling thread and returns the client's principal name.
    public func acceptBlocking(token: [UInt8]) throws(KerberosError) -> String {
        var minor: OM_uint32 = 0
        var context: gss_ctx_id_t?
        var source: gss_name_t?
        var output = gss_buffer_desc(length: 0, value: nil)
        var input = token
        let major = input.withUnsafeMutableBytes { raw -> OM_uint32 in
            var buffer = gss_buffer_desc(length: raw.count, value: raw.baseAddress)
            return gss_accept_sec_context(&minor, &context, cred, &buffer, nil, &source, nil, &output, nil, nil, nil)
        }
        defer {
            var ignored: OM_uint32 = 0
            gss_release_buffer(&ignored, &output)
            if context != nil { gss_delete_sec_context(&ignored, &context, nil) }
            if source != nil { gss_release_name(&ignored, &source) }
        }
        guard cgss_is_error(major) == 0, let source else {
            throw .tokenRejected(detail: GSSStatus.message(major: major, minor: minor))
        }
        var nameBuffer = gss_buffer_desc(length: 0, value: nil)
        guard cgss_is_error(gss_display_name(&minor, source, &nameBuffer, nil)) == 0 else {
            throw .tokenRejected(detail: "cannot display the client name")
        }
        defer { gss_release_buffer(&minor, &nameBuffer) }
        return GSSBuffer.string(nameBuffer)
    }
}
