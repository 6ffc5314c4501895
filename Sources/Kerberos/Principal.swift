import CGSSAPI

/// A Kerberos principal name split into its parts (`primary/instance@REALM`).
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    /// The part before `@`, e.g. `HTTP/aurora.example.org`.
    public let name: String
    /// The realm, e.g. `EXAMPLE.ORG`; nil when the text had none.
    public let realm: String?

    /// Parses `primary[/instance][@REALM]`; rejects empty parts and stray `@`.
    public init(parsing text: String) throws(KerberosError) {
        let pieces = text.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let first = pieces.first, !first.isEmpty else {
            throw .invalidPrincipal(name: text, detail: "expected primary/instance@REALM")
        }
        if pieces.count == 2 && pieces[1].isEmpty {
            throw .invalidPrincipal(name: text, detail: "the realm after @ is empty")
        }
        if first.split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw .invalidPrincipal(name: text, detail: "a component between slashes is empty")
        }
        name = String(first)
        realm = pieces.count == 2 ? String(pieces[1]) : nil
    }

    /// Builds `service/host@realm`.
    public init(service: String, host: String, realm: String?) {
        name = "\(service)/\(host)"
        self.realm = realm
    }

    /// The name without the realm, as Aurora's Shiro realm reports subjects.
    public var withoutRealm: String { name }

    public var description: String { realm.map { "\(name)@\($0)" } ?? name }

    /// The default realm from the Kerberos configuration (`KRB5_CONFIG`), if one is set.
    public static func defaultRealm() -> String? {
        var context: krb5_context?
        guard krb5_init_context(&context) == 0, let context else { return nil }
        defer { krb5_free_context(context) }
        var realm: UnsafeMutablePointer<CChar>?
        guard krb5_get_default_realm(context, &realm) == 0, let realm else { return nil }
        defer { krb5_free_default_realm(context, realm) }
        return String(cString: realm)
    }
}

/// An imported GSSAPI name, released when the last reference goes.
final class GSSName: @unchecked Sendable {
    // Immutable after import; MIT allows concurrent use of a name in init_sec_context.
    let handle: gss_name_t

    /// Imports a principal verbatim as a Kerberos principal name: no DNS, no canonicalisation.
    init(principal: String) throws(KerberosError) {
        var minor: OM_uint32 = 0
        var name: gss_name_t?
        var bytes = Array(principal.utf8)
        let major = bytes.withUnsafeMutableBytes { raw -> OM_uint32 in
            var buffer = gss_buffer_desc(length: raw.count, value: raw.baseAddress)
            return gss_import_name(&minor, &buffer, cgss_nt_krb5_principal(), &name)
        }
        guard cgss_is_error(major) == 0, let name else {
            throw .invalidPrincipal(name: principal, detail: GSSStatus.message(major: major, minor: minor))
        }
        handle = name
    }

    deinit {
        var minor: OM_uint32 = 0
        var name: gss_name_t? = handle
        gss_release_name(&minor, &name)
    }
}
