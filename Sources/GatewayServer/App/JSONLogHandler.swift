import Foundation
import GatewayCore
public import Logging

/// swift-log handler writing one JSON object per line (`time`, `level`, `label`, `message`, then the metadata),
/// for log shippers. Values that look like secrets are replaced, whatever their key.
public struct JSONLogHandler: LogHandler {
    /// The handler's metadata, merged under each message's.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler for `label` writing lines with `write` (standard error by default).
    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level, message = event.message
        var object: [String: Any] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            object[key] = Self.json(value, key: key)
        }
        object["time"] = RFC3339.format(Date(), microseconds: true)
        object["level"] = level.rawValue
        object["label"] = label
        object["message"] = Self.redacted(message.description, key: "message")
        if let error = event.error { object["error"] = Self.redacted(String(describing: error), key: "error") }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    /// Writes one line to standard error in a single `write` call, so lines of concurrent tasks never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { _ = Foundation.write(2, $0.baseAddress, $0.count) }
    }

    static let secretKeys: Set<String> = ["authorization", "token", "secret", "password", "client_secret", "keytab_content"]

    static func json(_ value: Logger.Metadata.Value, key: String) -> Any {
        switch value {
        case .string(let text): return redacted(text, key: key)
        case .stringConvertible(let convertible): return redacted(convertible.description, key: key)
        case .array(let items): return items.map { json($0, key: key) }
        case .dictionary(let entries): return entries.mapValues { json($0, key: key) }
        }
    }

    /// `[redacted]` for secret-named keys and for anything that looks like a gateway token or a bearer credential.
    static func redacted(_ text: String, key: String) -> String {
        if secretKeys.contains(key.lowercased()) { return "[redacted]" }
        guard text.contains("agwu_") || text.contains("agws_") || text.contains("Bearer ") || text.contains("Negotiate ") else { return text }
        var out = text
        for marker in ["agwu_", "agws_", "Bearer ", "Negotiate "] {
            while let range = out.range(of: marker) {
                let end = out[range.upperBound...].firstIndex(where: { $0.isWhitespace || $0 == "\"" || $0 == "," }) ?? out.endIndex
                out.replaceSubrange(range.lowerBound..<end, with: "[redacted]")
            }
        }
        return out
    }
}
