import Foundation
import Yams

/// `/docs`: a self-contained page (no CDN, no script) rendered once from the embedded OpenAPI document —
/// every operation by tag with its method, path, parameters, body and answers, and the schemas.
enum DocsPage {
    static let html: String = render(EmbeddedSpec.yaml)

    static func render(_ yaml: String) -> String {
        guard let spec = (try? Yams.load(yaml: yaml)) as? [String: Any] else { return "<!doctype html><p>the API description cannot be read</p>" }
        let info = spec["info"] as? [String: Any] ?? [:]
        let paths = spec["paths"] as? [String: Any] ?? [:]
        var byTag: [String: [String]] = [:]
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard let methods = item as? [String: Any] else { continue }
            for method in ["get", "post", "put", "delete"] {
                guard let operation = methods[method] as? [String: Any] else { continue }
                let tag = (operation["tags"] as? [String])?.first ?? "other"
                byTag[tag, default: []].append(section(method: method, path: path, operation, shared: methods["parameters"] as? [Any] ?? []))
            }
        }
        let tags = (spec["tags"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        var body = "<h1>\(escape(info["title"] as? String ?? "aurora-gateway")) \(escape(info["version"] as? String ?? ""))</h1>"
        body += "<p>\(escape(info["description"] as? String ?? ""))</p><p>The machine-readable description: <a href=\"/openapi.yaml\">/openapi.yaml</a>. "
        body += "JSON-RPC 2.0: <code>POST /v1/rpc</code> with any operation id below as the method and its parameters by name.</p><nav>"
        for tag in tags where byTag[tag] != nil { body += "<a href=\"#\(escape(tag))\">\(escape(tag))</a> " }
        body += "</nav>"
        for tag in tags + byTag.keys.filter({ !tags.contains($0) }).sorted() {
            guard let sections = byTag[tag] else { continue }
            body += "<h2 id=\"\(escape(tag))\">\(escape(tag))</h2>" + sections.joined()
        }
        let schemas = (spec["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        body += "<h2 id=\"schemas\">schemas</h2>"
        for (name, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            body += "<h3 id=\"schema-\(escape(name))\">\(escape(name))</h3>\(properties(schema as? [String: Any] ?? [:]))"
        }
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>aurora-gateway API</title><style>\(style)</style></head><body>\(body)</body></html>"
    }

    static func section(method: String, path: String, _ operation: [String: Any], shared: [Any]) -> String {
        let id = operation["operationId"] as? String ?? ""
        var out = "<section id=\"\(escape(id))\"><h3><span class=\"m \(method)\">\(method.uppercased())</span> <code>\(escape(path))</code> — <code>\(escape(id))</code></h3>"
        out += "<p>\(escape(operation["summary"] as? String ?? ""))</p>"
        if let description = operation["description"] as? String { out += "<p class=\"d\">\(escape(description))</p>" }
        let parameters = (shared + (operation["parameters"] as? [Any] ?? [])).compactMap { $0 as? [String: Any] }
        if !parameters.isEmpty {
            out += "<p>Parameters: " + parameters.map { parameter in
                let name = parameter["name"] as? String ?? (parameter["$ref"] as? String).map { String($0.split(separator: "/").last ?? "") } ?? "?"
                return "<code>\(escape(name))</code>" + ((parameter["in"] as? String).map { " (\(escape($0)))" } ?? "")
            }.joined(separator: ", ") + "</p>"
        }
        if let body = operation["requestBody"] as? [String: Any], let content = body["content"] as? [String: Any],
           let json = content["application/json"] as? [String: Any], let schema = json["schema"] as? [String: Any] {
            out += "<p>Body: \(reference(schema))</p>"
        }
        if let responses = operation["responses"] as? [String: Any] {
            out += "<p>Answers: " + responses.keys.sorted().map { "<code>\(escape($0))</code>" }.joined(separator: " ") + "</p>"
        }
        return out + "</section>"
    }

    static func reference(_ schema: [String: Any]) -> String {
        guard let ref = schema["$ref"] as? String else { return "inline object" }
        let name = String(ref.split(separator: "/").last ?? "")
        return "<a href=\"#schema-\(escape(name))\">\(escape(name))</a>"
    }

    static func properties(_ schema: [String: Any]) -> String {
        if let parts = schema["allOf"] as? [[String: Any]] { return parts.map(properties).joined() }
        if let values = schema["enum"] as? [Any] { return "<p>one of " + values.map { "<code>\(escape("\($0)"))</code>" }.joined(separator: ", ") + "</p>" }
        if let ref = schema["$ref"] as? String { return "<p>\(reference(["$ref": ref]))</p>" }
        guard let properties = schema["properties"] as? [String: Any] else { return "" }
        let required = Set(schema["required"] as? [String] ?? [])
        return "<ul>" + properties.keys.sorted().map { key in
            let property = properties[key] as? [String: Any] ?? [:]
            let type = property["$ref"] != nil ? reference(property) : escape(property["type"] as? String ?? "object")
            let text = (property["description"] as? String).map { " — \(escape($0))" } ?? ""
            return "<li><code>\(escape(key))</code>\(required.contains(key) ? " (required)" : ""): \(type)\(text)</li>"
        }.joined() + "</ul>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let style = """
    body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
    code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}section{border-top:1px solid #ddd;padding:.3rem 0}
    .m{font:bold 12px monospace;padding:.1rem .4rem;border-radius:3px;color:#fff}.get{background:#2b7}.post{background:#27b}
    .put{background:#b72}.delete{background:#b33}.d{white-space:pre-line;color:#555}nav a{margin-right:.6rem}
    """
}
