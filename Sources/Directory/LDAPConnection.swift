import CLDAP
import Foundation
import GatewayCore

/// One bound libldap session, used on one thread for one lookup and then closed.
final class LDAPConnection {
    private let handle: OpaquePointer
    private let settings: LDAPSettings

    /// Connects (and StartTLS when asked) and binds. Blocking.
    init(settings: LDAPSettings) throws(DirectoryFailure) {
        self.settings = settings
        if let ca = settings.caBundle { _ = cldap_set_global_string(LDAP_OPT_X_TLS_CACERTFILE, ca) }
        var ld: OpaquePointer?
        let initialized = ldap_initialize(&ld, settings.url)
        guard initialized == LDAP_SUCCESS, let ld else {
            throw DirectoryFailure("url \(settings.url) is not a valid LDAP URL (\(Self.message(initialized)))")
        }
        handle = ld   // from here on, a throw still runs deinit, which unbinds
        _ = cldap_set_int(ld, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3)
        _ = cldap_set_timeout(ld, LDAP_OPT_NETWORK_TIMEOUT, settings.timeoutSeconds)
        _ = cldap_set_timeout(ld, LDAP_OPT_TIMEOUT, settings.timeoutSeconds)
        _ = cldap_set_int(ld, LDAP_OPT_REFERRALS, 0)
        if settings.startTLS {
            let code = ldap_start_tls_s(ld, nil, nil)
            guard code == LDAP_SUCCESS else {
                throw DirectoryFailure("StartTLS with \(settings.url) failed (\(Self.message(code))): check ca_bundle and that the server offers StartTLS")
            }
        }
        var password = Array((settings.bindPassword ?? "").utf8)
        let bound = password.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var credential = berval(bv_len: ber_len_t(buffer.count),
                                    bv_val: UnsafeMutableRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self))
            return ldap_sasl_bind_s(ld, settings.bindDN, cldap_sasl_simple(), &credential, nil, nil, nil)
        }
        guard bound == LDAP_SUCCESS else {
            if bound == LDAP_INVALID_CREDENTIALS {
                throw DirectoryFailure("bind as \(settings.bindDN ?? "anonymous") was refused: check bind_dn and bind_password_file")
            }
            throw DirectoryFailure("cannot reach \(settings.url) (\(Self.message(bound))): check url and that the server is up")
        }
    }

    deinit { ldap_unbind_ext_s(handle, nil, nil) }

    /// Entries (DN and the values of `attribute`) matching `filter` under `base`.
    func search(base: String, scope: Int32, filter: String, attribute: String) throws(DirectoryFailure) -> [(dn: String, values: [String])] {
        var result: OpaquePointer?
        let attributeC = strdup(attribute)
        defer { free(attributeC) }
        var attributes: [UnsafeMutablePointer<CChar>?] = [attributeC, nil]
        var timeout = timeval(tv_sec: settings.timeoutSeconds, tv_usec: 0)
        let code = attributes.withUnsafeMutableBufferPointer { list in
            ldap_search_ext_s(handle, base, scope, filter, list.baseAddress, 0, nil, nil, &timeout, 1000, &result)
        }
        defer { if result != nil { ldap_msgfree(result) } }
        if code == LDAP_NO_SUCH_OBJECT { return [] }
        if code == LDAP_SIZELIMIT_EXCEEDED {
            // A partial group list could drop a group that carries a deny rule: refuse rather than guess.
            throw DirectoryFailure("search under \(base) with \(filter) hit the size limit (1000 entries): narrow user_filter or group_base")
        }
        guard code == LDAP_SUCCESS else {
            throw DirectoryFailure("search under \(base) with \(filter) failed (\(Self.message(code)))")
        }
        var entries: [(String, [String])] = []
        var entry = ldap_first_entry(handle, result)
        while let current = entry {
            var dn = ""
            if let text = ldap_get_dn(handle, current) {
                dn = String(cString: text)
                ldap_memfree(text)
            }
            var values: [String] = []
            if let list = ldap_get_values_len(handle, current, attribute) {
                var index = 0
                while let value = list[index] {
                    let bytes = UnsafeRawBufferPointer(start: value.pointee.bv_val, count: Int(value.pointee.bv_len))
                    values.append(String(decoding: bytes, as: UTF8.self))
                    index += 1
                }
                ldap_value_free_len(list)
            }
            entries.append((dn, values))
            entry = ldap_next_entry(handle, current)
        }
        return entries
    }

    static func message(_ code: Int32) -> String { String(cString: ldap_err2string(code)) }
}

/// A failure inside the LDAP code, turned into a `DirectoryError` at the boundary.
struct DirectoryFailure: Error {
    let detail: String
    init(_ detail: String) { self.detail = detail }
}
