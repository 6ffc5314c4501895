import Foundation
import GatewayCore

/// A JSON-RPC call turned into its REST request: method, path with query, and body.
struct RPCRequest: Sendable {
    let method: String
    let target: String
    let body: [UInt8]

    /// Why the params do not fit the operation.
    struct Mismatch: Error {
        let message: String
    }

    /// Fills the binding's path from the named params; the rest go to the query (no body) or the body.
    static func make(_ binding: RESTBinding, method: String, params: [String: Any]) throws(Mismatch) -> RPCRequest {
        var rest = params
        var path = binding.path
        for name in binding.pathParameters {
            guard let value = rest.removeValue(forKey: name) else {
                throw Mismatch(message: "params.\(name) is required for this method")
            }
            let text: String
            switch value {
            case let string as String: text = string
            case let number as Int: text = String(number)
            case let number as NSNumber: text = number.stringValue
            default: throw Mismatch(message: "params.\(name) must be a string")
            }
            guard AuroraIdentifier.isValid(text) else {
                throw Mismatch(message: "params.\(name) \"\(text)\" must match ^[\\w\\-\\.]+$ and not be . or ..")
            }
            path = path.replacingOccurrences(of: "{\(name)}", with: text)
        }
        var body: [UInt8] = []
        switch binding.body {
        case .none:
            let declared = DeclaredParameters.query[method] ?? []
            let unknown = rest.keys.filter { !declared.contains($0) }.sorted()
            guard unknown.isEmpty else {
                let allowed = (binding.pathParameters + declared.sorted()).joined(separator: ", ")
                throw Mismatch(message: "unknown params: \(unknown.joined(separator: ", ")); \(method) takes \(allowed.isEmpty ? "none" : allowed)")
            }
            var pairs: [String] = []
            for (key, value) in rest.sorted(by: { $0.key < $1.key }) {
                pairs.append(PercentEncoding.component(key) + "=" + PercentEncoding.component(try queryValue(value, key)))
            }
            if !pairs.isEmpty { path += "?" + pairs.joined(separator: "&") }
        case .param(let name):
            guard let value = rest.removeValue(forKey: name) else { throw Mismatch(message: "params.\(name) is required for this method") }
            guard rest.isEmpty else {
                throw Mismatch(message: "unknown params: \(rest.keys.sorted().joined(separator: ", ")); this method takes the path params and \(name)")
            }
            body = try json(value, name)
        case .rest:
            body = rest.isEmpty ? Array("{}".utf8) : try json(rest, "params")
        }
        return RPCRequest(method: binding.method, target: path, body: body)
    }

    static func queryValue(_ value: Any, _ key: String) throws(Mismatch) -> String {
        switch value {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        case let list as [Any]: return list.map { "\($0)" }.joined(separator: ",")
        default: throw Mismatch(message: "params.\(key) must be a string, a number or a list")
        }
    }

    static func json(_ value: Any, _ key: String) throws(Mismatch) -> [UInt8] {
        guard JSONSerialization.isValidJSONObject(value) || value is String || value is NSNumber,
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else {
            throw Mismatch(message: "params.\(key) is not JSON")
        }
        return Array(data)
    }
}
