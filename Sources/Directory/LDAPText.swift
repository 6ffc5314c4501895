import Foundation

/// Text helpers for LDAP filters and DNs.
public enum LDAPText {
    /// RFC 4515 escaping of a value placed in a filter (`*`, `(`, `)`, `\\`, NUL).
    public static func escapeFilterValue(_ value: String) -> String {
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "*"): bytes += Array("\\2a".utf8)
            case UInt8(ascii: "("): bytes += Array("\\28".utf8)
            case UInt8(ascii: ")"): bytes += Array("\\29".utf8)
            case UInt8(ascii: "\\"): bytes += Array("\\5c".utf8)
            case 0: bytes += Array("\\00".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of a DN's first RDN (`CN=alice-aurora-users,OU=…` → `alice-aurora-users`), unescaping `\,` and friends.
    public static func firstRDNValue(_ dn: String) -> String? {
        var value = ""
        var seenEquals = false
        var escaped = false
        for char in dn {
            if escaped {
                if seenEquals { value.append(char) }
                escaped = false
            } else if char == "\\" {
                escaped = true
            } else if char == "," || char == "+" {
                break
            } else if char == "=" && !seenEquals {
                seenEquals = true
            } else if seenEquals {
                value.append(char)
            }
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return seenEquals && !trimmed.isEmpty ? trimmed : nil
    }

    /// Whether `dn` lies under `base` (case-insensitive, ignoring spaces after commas).
    public static func isUnder(_ dn: String, base: String) -> Bool {
        func normal(_ text: String) -> String {
            text.lowercased().replacingOccurrences(of: ", ", with: ",")
        }
        let child = normal(dn), parent = normal(base)
        return child.hasSuffix("," + parent)
    }
}
