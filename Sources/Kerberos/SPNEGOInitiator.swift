import CGSSAPI

/// Makes one SPNEGO initiator token: a fresh security context per request (RFC 4559), no mutual auth
/// (Aurora never answers with a reply token), the target imported verbatim (no reverse DNS).
enum SPNEGOInitiator {
    static func token(cred: CredentialHandle, target: GSSName, targetText: String, principal: String, realm: String) throws(KerberosError) -> [UInt8] {
        var minor: OM_uint32 = 0
        var context: gss_ctx_id_t?
        var output = gss_buffer_desc(length: 0, value: nil)
        let major = gss_init_sec_context(
            &minor, cred.handle, &context, target.handle, cgss_mech_spnego(),
            0, 0, nil, nil, nil, &output, nil, nil)
        defer {
            var ignored: OM_uint32 = 0
            gss_release_buffer(&ignored, &output)
            if context != nil { gss_delete_sec_context(&ignored, &context, nil) }
        }
        guard cgss_is_error(major) == 0 else {
            throw GSSStatus.initError(target: targetText, principal: principal, realm: realm, major: major, minor: minor)
        }
        let bytes = GSSBuffer.bytes(output)
        guard !bytes.isEmpty else {
            throw .gss(operation: "making a SPNEGO token for \(targetText)", detail: "the library returned an empty token")
        }
        return bytes
    }
}
