/// Aurora's `GOOD_IDENTIFIER_PATTERN`, `^[\w\-\.]+$` with Java's ASCII `\w`: clusters, roles, environments, job
/// names. The one check every front end, the config and the job-spec reader use. `.` and `..` match the pattern but
/// are refused: as URL path parts they are rewritten by clients and proxies, and in a sandbox path they would climb.
public enum AuroraIdentifier {
    /// The longest identifier a path part may be.
    public static let maxLength = 255

    /// Whether `byte` may appear in an identifier (without dots: port names and tiers, `^[\w\-]+$`).
    public static func isCharacter(_ byte: UInt8, allowingDots: Bool = true) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        case UInt8(ascii: "."):
            return allowingDots
        default:
            return false
        }
    }

    /// Whether `text` is a non-empty identifier.
    public static func isValid(_ text: some StringProtocol, allowingDots: Bool = true) -> Bool {
        !text.isEmpty && text != "." && text != ".." && text.utf8.allSatisfy { isCharacter($0, allowingDots: allowingDots) }
    }

    /// `text` with every byte outside the pattern made `-`, cut at `maxLength` (a job name rendered from a template).
    public static func sanitized(_ text: String) -> String {
        String(decoding: text.utf8.prefix(maxLength * 4).map { isCharacter($0) ? $0 : UInt8(ascii: "-") }.prefix(maxLength), as: UTF8.self)
    }
}
