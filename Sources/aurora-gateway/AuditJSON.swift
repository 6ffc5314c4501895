import Foundation
import GatewayCore

/// Audit records as NDJSON lines (the stored column names) and as one-line summaries for people.
enum AuditJSON {
    static func line(_ record: AuditRecord) -> String {
        var object: [String: Any] = [:]
        for (name, value) in AuditChain.columns(record) {
            guard let value else { continue }
            switch name {
            case "groups": object[name] = record.groups
            case "instances": object[name] = record.instances ?? []
            default: object[name] = value
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func summary(_ record: AuditRecord) -> String {
        let target = [record.cluster, record.role, record.env, record.job].compactMap { $0 }.joined(separator: "/")
        var parts = ["\(record.seq)", record.time, record.phase.rawValue, record.actor, record.action]
        if !target.isEmpty { parts.append(target) }
        parts.append(record.decision)
        if let rule = record.rule { parts.append(rule) }
        if let status = record.httpStatus { parts.append("http \(status)") }
        if let code = record.responseCode { parts.append(code) }
        if let error = record.error { parts.append("error: \(error)") }
        return parts.joined(separator: "  ")
    }
}
