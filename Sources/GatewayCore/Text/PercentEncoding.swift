/// RFC 3986 percent-encoding of a URL component: everything but unreserved characters (`A-Z a-z 0-9 - . _ ~`), `+`
/// included, since servers read `+` in a query as a space.
public enum PercentEncoding {
    /// The encoded component.
    public static func component(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".utf8.contains(byte) {
                out.append(Character(UnicodeScalar(byte)))
            } else {
                out += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
