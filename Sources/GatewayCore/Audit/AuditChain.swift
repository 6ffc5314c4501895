import Crypto
import Foundation

/// The hash chain: each record's hash is SHA-256 over the previous hash and the record's canonical form,
/// so changing, removing or reordering any record breaks every later hash.
public enum AuditChain {
    /// The `prevHash` of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical form: a JSON object of every stored column but `hash` (text and integers exactly as stored,
    /// `groups` and `instances` as their stored JSON text), keys sorted, absent values as null, no whitespace.
    public static func canonical(_ columns: [(String, (any Sendable)?)]) -> String {
        var fields: [String: Any] = [:]
        for (name, value) in columns where name != "hash" { fields[name] = value ?? NSNull() }
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The hash of stored columns: SHA-256 of `prev_hash`, a newline, and the canonical form.
    public static func hash(_ columns: [(String, (any Sendable)?)]) -> String {
        let previous = columns.first { $0.0 == "prev_hash" }?.1 as? String ?? ""
        let digest = SHA256.hash(data: Data((previous + "\n" + canonical(columns)).utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The record's hash given its `prevHash` and fields.
    public static func hash(_ record: AuditRecord) -> String { hash(columns(record)) }

    /// The stored columns and their values, in table order (the one place that lists them).
    public static func columns(_ record: AuditRecord) -> [(String, (any Sendable)?)] {
        [("seq", record.seq), ("id", record.id), ("time", record.time), ("phase", record.phase.rawValue),
         ("actor", record.actor), ("token_id", record.tokenID), ("auth_kind", record.authKind), ("source_ip", record.sourceIP),
         ("user_agent", record.userAgent), ("request", record.request), ("groups", json(record.groups)), ("rule", record.rule),
         ("decision", record.decision), ("reason", record.reason), ("action", record.action), ("cluster", record.cluster),
         ("role", record.role), ("env", record.env), ("job", record.job), ("instances", record.instances.map(json)),
         ("request_digest", record.requestDigest), ("request_body", record.requestBody), ("upstream_rpc", record.upstreamRPC),
         ("upstream_principal", record.upstreamPrincipal), ("response_code", record.responseCode),
         ("response_details", record.responseDetails), ("http_status", record.httpStatus), ("error", record.error),
         ("duration_us", record.durationMicros), ("prev_hash", record.prevHash), ("hash", record.hash)]
    }

    static func json(_ value: [String]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.withoutEscapingSlashes])) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func json(_ value: [Int]) -> String { "[" + value.map(String.init).joined(separator: ",") + "]" }

    /// Decodes a stored JSON list of strings (`groups`).
    public static func strings(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String] ?? []
    }

    /// Decodes a stored JSON list of numbers (`instances`).
    public static func integers(_ text: String?) -> [Int]? {
        guard let text, let data = text.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [Int]
    }
}
