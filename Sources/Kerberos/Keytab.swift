import CGSSAPI
#if canImport(Glibc)
import Glibc
#endif

/// Reads a keytab's entries before any KDC is asked, so errors can name what the file really holds.
public enum Keytab {
    /// Checks that the file exists and is readable, and returns the principals it holds.
    public static func principals(in path: String) throws(KerberosError) -> [String] {
        guard access(path, F_OK) == 0 else { throw .keytabMissing(keytab: path) }
        guard access(path, R_OK) == 0 else {
            throw .keytabUnreadable(keytab: path, reason: String(cString: strerror(errno)))
        }
        var context: krb5_context?
        guard krb5_init_context(&context) == 0, let context else {
            throw .gss(operation: "krb5_init_context", detail: "cannot initialise the Kerberos library; check KRB5_CONFIG")
        }
        defer { krb5_free_context(context) }
        var keytab: krb5_keytab?
        guard krb5_kt_resolve(context, "FILE:\(path)", &keytab) == 0, let keytab else {
            throw .keytabUnreadable(keytab: path, reason: "not a keytab")
        }
        defer { krb5_kt_close(context, keytab) }
        var cursor: krb5_kt_cursor?
        let started = krb5_kt_start_seq_get(context, keytab, &cursor)
        guard started == 0 else {
            throw .keytabUnreadable(keytab: path, reason: errorMessage(context, started))
        }
        var names: [String] = []
        var entry = krb5_keytab_entry()
        while krb5_kt_next_entry(context, keytab, &entry, &cursor) == 0 {
            var text: UnsafeMutablePointer<CChar>?
            if krb5_unparse_name(context, entry.principal, &text) == 0, let text {
                let name = String(cString: text)
                if !names.contains(name) { names.append(name) }
                krb5_free_unparsed_name(context, text)
            }
            krb5_free_keytab_entry_contents(context, &entry)
        }
        krb5_kt_end_seq_get(context, keytab, &cursor)
        return names
    }

    private static func errorMessage(_ context: krb5_context, _ code: krb5_error_code) -> String {
        guard let text = krb5_get_error_message(context, code) else { return "error \(code)" }
        defer { krb5_free_error_message(context, text) }
        return String(cString: text)
    }
}
