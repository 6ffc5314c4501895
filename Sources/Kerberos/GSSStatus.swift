import CGSSAPI

/// GSSAPI status codes turned into text and into `KerberosError` cases.
enum GSSStatus {
    /// The human-readable messages for a major and minor status, as `gss_display_status` gives them.
    static func message(major: OM_uint32, minor: OM_uint32) -> String {
        var parts: [String] = []
        if cgss_routine_error(major) != 0 || major != cgss_s_complete() {
            parts.append(contentsOf: display(major, type: cgss_gss_code()))
        }
        if minor != 0 { parts.append(contentsOf: display(minor, type: cgss_mech_code())) }
        let cleaned = parts.filter { !$0.isEmpty && $0 != "Unspecified GSS failure.  Minor code may provide more information" }
        return cleaned.isEmpty ? "GSS major 0x\(String(major, radix: 16)), minor \(minor)" : cleaned.joined(separator: "; ")
    }

    private static func display(_ code: OM_uint32, type: Int32) -> [String] {
        var out: [String] = []
        var context: OM_uint32 = 0
        repeat {
            var minor: OM_uint32 = 0
            var buffer = gss_buffer_desc(length: 0, value: nil)
            let major = gss_display_status(&minor, code, type, nil, &context, &buffer)
            if cgss_is_error(major) != 0 { break }
            out.append(GSSBuffer.string(buffer))
            gss_release_buffer(&minor, &buffer)
        } while context != 0 && out.count < 8
        return out
    }

    /// Maps a failed credential acquisition to the error that tells the operator what to fix.
    static func acquireError(principal: String, keytab: String, realm: String, major: OM_uint32, minor: OM_uint32) -> KerberosError {
        let text = message(major: major, minor: minor)
        let lower = text.lowercased()
        if lower.contains("cannot contact any kdc") || lower.contains("cannot find kdc") || lower.contains("unable to reach any kdc") {
            return .kdcUnreachable(realm: realm, detail: text)
        }
        if lower.contains("clock skew") { return .clockSkew(detail: text) }
        if lower.contains("client") && lower.contains("not found in kerberos database") {
            return .clientPrincipalUnknown(principal: principal)
        }
        if lower.contains("no suitable keys") || lower.contains("key table entry not found") {
            return .principalNotInKeytab(principal: principal, keytab: keytab, found: [])
        }
        if lower.contains("preauthentication failed") || lower.contains("integrity check failed") || lower.contains("password incorrect") {
            return .keytabKeyRejected(principal: principal, keytab: keytab)
        }
        if lower.contains("permission denied") { return .keytabUnreadable(keytab: keytab, reason: text) }
        if lower.contains("no such file") { return .keytabMissing(keytab: keytab) }
        return .gss(operation: "acquiring credentials for \(principal) from \(keytab)", detail: text)
    }

    /// Maps a failed `gss_init_sec_context` to an actionable error.
    static func initError(target: String, principal: String, realm: String, major: OM_uint32, minor: OM_uint32) -> KerberosError {
        let text = message(major: major, minor: minor)
        let lower = text.lowercased()
        if lower.contains("not found in kerberos database") { return .unknownServerPrincipal(principal: target) }
        if lower.contains("cannot contact any kdc") || lower.contains("unable to reach any kdc") {
            return .kdcUnreachable(realm: realm, detail: text)
        }
        if lower.contains("clock skew") { return .clockSkew(detail: text) }
        if lower.contains("expired") { return .ticketExpired(principal: principal, detail: text) }
        return .gss(operation: "making a SPNEGO token for \(target)", detail: text)
    }
}

/// Helpers for `gss_buffer_desc`.
enum GSSBuffer {
    /// The buffer's bytes as a UTF-8 string (lossy).
    static func string(_ buffer: gss_buffer_desc) -> String {
        guard let value = buffer.value, buffer.length > 0 else { return "" }
        let bytes = UnsafeRawBufferPointer(start: value, count: buffer.length)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The buffer's bytes.
    static func bytes(_ buffer: gss_buffer_desc) -> [UInt8] {
        guard let value = buffer.value, buffer.length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: value, count: buffer.length))
    }
}
