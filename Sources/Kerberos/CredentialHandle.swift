import CGSSAPI
import Glibc

/// One acquired GSS initiator credential and the private `MEMORY:` cache behind it.
///
/// Callers hold a reference while they make a token; when the last one lets go the
/// credential is released and its cache destroyed, so a refresh never pulls a ticket
/// from under a request in flight.
final class CredentialHandle: @unchecked Sendable {
    // Immutable after acquisition; MIT locks credential handles internally.
    let handle: gss_cred_id_t
    let cacheName: String

    init(handle: gss_cred_id_t, cacheName: String) {
        self.handle = handle
        self.cacheName = cacheName
    }

    deinit {
        var minor: OM_uint32 = 0
        var cred: gss_cred_id_t? = handle
        gss_release_cred(&minor, &cred)
        Self.destroyCache(named: cacheName)
    }

    /// Destroys a MEMORY ccache by name (they live for the whole process otherwise).
    static func destroyCache(named name: String) {
        var context: krb5_context?
        guard krb5_init_context(&context) == 0, let context else { return }
        defer { krb5_free_context(context) }
        var cache: krb5_ccache?
        if krb5_cc_resolve(context, name, &cache) == 0, let cache {
            krb5_cc_destroy(context, cache)
        }
    }
}

/// Acquisition of initiator credentials from a keytab with `gss_acquire_cred_from`.
enum CredentialAcquisition {
    /// Runs the AS exchange for `principal` with keys from `keytab` into a fresh MEMORY cache.
    /// Blocking: it talks to the KDC. Returns the handle and the ticket lifetime in seconds.
    static func acquire(principal: String, keytab: String, realm: String, cacheName: String) throws(KerberosError)
        -> (CredentialHandle, lifetime: UInt32)
    {
        let name = try GSSName(principal: principal)
        var minor: OM_uint32 = 0
        var cred: gss_cred_id_t?
        var lifetime: OM_uint32 = 0
        let major = withCredentialStore(["client_keytab": "FILE:\(keytab)", "ccache": cacheName]) { store in
            gss_acquire_cred_from(
                &minor, name.handle, 0, cgss_no_oid_set(), gss_cred_usage_t(GSS_C_INITIATE),
                store, &cred, nil, &lifetime)
        }
        guard cgss_is_error(major) == 0, let cred else {
            CredentialHandle.destroyCache(named: cacheName)
            throw GSSStatus.acquireError(principal: principal, keytab: keytab, realm: realm, major: major, minor: minor)
        }
        let handle = CredentialHandle(handle: cred, cacheName: cacheName)
        // gss_acquire_cred_from may defer the AS exchange; inquiring forces it and reports the real lifetime.
        var remaining: OM_uint32 = 0
        let inquired = gss_inquire_cred(&minor, cred, nil, &remaining, nil, nil)
        if cgss_is_error(inquired) != 0 {
            throw GSSStatus.acquireError(principal: principal, keytab: keytab, realm: realm, major: inquired, minor: minor)
        }
        return (handle, remaining == 0 ? lifetime : remaining)
    }

    /// Calls `body` with a `gss_key_value_set_desc` whose C strings live for the call.
    static func withCredentialStore<R>(_ entries: [String: String], _ body: (UnsafePointer<gss_key_value_set_desc>) -> R) -> R {
        let keys = entries.keys.sorted()
        var cStrings: [UnsafeMutablePointer<CChar>] = []
        defer { cStrings.forEach { free($0) } }
        var elements: [gss_key_value_element_desc] = []
        for key in keys {
            let k = strdup(key)!, v = strdup(entries[key]!)!
            cStrings.append(k)
            cStrings.append(v)
            elements.append(gss_key_value_element_desc(key: k, value: v))
        }
        return elements.withUnsafeMutableBufferPointer { buffer in
            var set = gss_key_value_set_desc(count: OM_uint32(buffer.count), elements: buffer.baseAddress)
            return withUnsafePointer(to: &set) { body($0) }
        }
    }
}
