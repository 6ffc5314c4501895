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
        String(decoding: canonicalBytes(columns), as: UTF8.self)
    }

    /// The canonical form as UTF-8, written directly (it is on every audit record's path).
    static func canonicalBytes(_ columns: [(String, (any Sendable)?)]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(1024)
        var first = true
        // The usual column list is in table order: its sorted order is computed once.
        let order = columns.map(\.0) == tableNames ? sortedTableOrder : columns.indices.sorted { columns[$0].0 < columns[$1].0 }
        for (name, value) in order.map({ columns[$0] }) where name != "hash" {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            CanonicalJSON.appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
            switch value {
            case let text as String: CanonicalJSON.appendString(text, to: &out)
            case let number as Int64: out += Array(String(number).utf8)
            case let number as Int: out += Array(String(number).utf8)
            case let number as Double: out += Array((number.isFinite ? number.description : "null").utf8)
            default: out += Array("null".utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static let tableNames = columns(AuditRecord(id: "", phase: .decided, actor: "", authKind: "", action: "", decision: "")).map(\.0)
    private static let sortedTableOrder = tableNames.indices.sorted { tableNames[$0] < tableNames[$1] }

    /// The hash of stored columns: SHA-256 of `prev_hash`, a newline, and the canonical form.
    public static func hash(_ columns: [(String, (any Sendable)?)]) -> String {
        let previous = columns.first { $0.0 == "prev_hash" }?.1 as? String ?? ""
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: [UInt8(ascii: "\n")])
        hasher.update(data: canonicalBytes(columns))
        return Hex.encode(hasher.finalize())
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
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in value.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendString(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
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
