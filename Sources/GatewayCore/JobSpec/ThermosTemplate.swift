/// The `{{…}}` references that the Thermos executor resolves on the agent, and the name rules of job specs.
/// Aurora's client rejects any other reference left in a config ("Config contains unbound variables").
enum ThermosTemplate {
    /// References resolved per task without a parameter.
    static let fixedReferences: Set<String> = ["mesos.instance", "mesos.hostname", "thermos.task_id"]

    /// What a command line may reference, for messages.
    static let allowedText = "{{mesos.instance}}, {{mesos.hostname}}, {{thermos.task_id}} or {{thermos.ports[NAME]}}"

    /// The contents of each `{{…}}` in `text` (pystachio's mustache: no braces inside), in order.
    static func references(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        var found: [String] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == openBrace, bytes[index + 1] == openBrace else {
                index += 1
                continue
            }
            var end = index + 2
            while end < bytes.count, bytes[end] != openBrace, bytes[end] != closeBrace { end += 1 }
            if end > index + 2, end + 1 < bytes.count, bytes[end] == closeBrace, bytes[end + 1] == closeBrace {
                found.append(String(decoding: bytes[(index + 2)..<end], as: UTF8.self))
                index = end + 2
            } else {
                index += 1
            }
        }
        return found
    }

    /// The port name of a `thermos.ports[name]` reference, or nil for other references.
    static func portName(_ reference: String) -> String? {
        let prefix = "thermos.ports["
        guard reference.hasPrefix(prefix), reference.hasSuffix("]") else { return nil }
        let name = String(reference.dropFirst(prefix.count).dropLast())
        return isPortName(name) ? name : nil
    }

    /// Whether the executor can resolve `reference`.
    static func isResolvable(_ reference: String) -> Bool {
        fixedReferences.contains(reference) || portName(reference) != nil
    }

    /// Matches `^[\w\-\.]+$` with Java's ASCII `\w` (Aurora's GOOD_IDENTIFIER_PATTERN).
    static func isIdentifier(_ text: String) -> Bool { AuroraIdentifier.isValid(text) }

    /// Matches `^[\w\-]+$`: port names and tiers.
    static func isPortName(_ text: String) -> Bool { AuroraIdentifier.isValid(text, allowingDots: false) }
}
