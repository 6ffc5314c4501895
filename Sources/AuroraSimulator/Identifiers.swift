/// Aurora's `UserProvidedStrings.isGoodIdentifier`: `^[\w\-\.]+$` (ASCII `\w`) and at most 255 characters.
func isGoodIdentifier(_ value: String?) -> Bool {
    guard let value, !value.isEmpty, value.utf8.count <= 255 else { return false }
    return value.utf8.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}

/// Aurora's task id shape (`TaskIdGenerator`): `role-env-name-instance-uuid` with `[^\w-]` replaced by `-`.
func makeTaskId(job: JobID, instance: Int32, uuid: String) -> String {
    let raw = "\(job.role)-\(job.environment)-\(job.name)-\(instance)-\(uuid)"
    return String(String.UnicodeScalarView(raw.unicodeScalars.map { scalar in
        let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        return keep ? scalar : "-"
    }))
}

/// Strips the `@REALM` part of a Kerberos principal, as Aurora's `Kerberos5Realm` does.
func principalWithoutRealm(_ principal: String) -> String {
    guard let at = principal.firstIndex(of: "@") else { return principal }
    return String(principal[..<at])
}

/// Java's `Set.toString` for instance ids, e.g. `[1, 2]`.
func javaSetDescription(_ values: some Sequence<Int32>) -> String {
    "[" + values.sorted().map(String.init).joined(separator: ", ") + "]"
}
