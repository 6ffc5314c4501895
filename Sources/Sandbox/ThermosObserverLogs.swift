import Foundation
public import GatewayCore
public import HTTPTransport

/// Reads the end of a process's log from the Thermos observer on the task's agent (`/logdata`), the way its web page
/// does: one call for the size, one for the last bytes, XML-escaping undone.
public struct ThermosObserverLogs: Sendable {
    let http: any HTTPClient
    let port: Int
    let timeout: Duration
    let maxBytes: Int

    /// A reader for observers on `port` of each agent.
    public init(http: any HTTPClient, port: Int, timeout: Duration = .seconds(10), maxBytes: Int = 1 << 20) {
        self.http = http
        self.port = port
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    /// The last `lines` lines of `stream` of `process` in `taskID`'s latest run; nil when the observer has no such log.
    public func tail(host: String, taskID: String, process: String, stream: String, lines: Int) async throws(SandboxError) -> LogTail? {
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let base = "http://\(authority)/logdata/\(PercentEncoding.component(taskID))/\(PercentEncoding.component(process))/-1/\(PercentEncoding.component(stream))"
        guard let size = try await fetch(base, host: host)?["offset"] as? Int else { return nil }
        // One byte more than the budget: when it is the newline before a line, that line is whole and is kept.
        let start = max(0, size - maxBytes - 1)
        guard let chunk = try await fetch("\(base)?offset=\(start)&length=\(size - start)", host: host) else { return nil }
        let text = Self.unescape(chunk["data"] as? String ?? "")
        return LogTail.last(lines, of: text, startsAtBeginning: start == 0)
    }

    private func fetch(_ url: String, host: String) async throws(SandboxError) -> [String: Any]? {
        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(url: url, method: "GET", timeout: timeout, connectTimeout: timeout, maxResponseBytes: maxBytes * 8 + 4096))
        } catch {
            throw .connectFailed(host: "the Thermos observer on \(host):\(port)", reason: "\(error)")
        }
        // The observer answers {} for a log it does not have, and HTTP 500 for a process the task does not have
        // (its KeyError); both mean there is no such log. 404 too, from a proxy in front of it.
        if [404, 500].contains(response.status) { return nil }
        guard response.status == 200 else {
            throw .protocolError(host: "the Thermos observer on \(host):\(port)", reason: "HTTP \(response.status) for /logdata")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw .protocolError(host: "the Thermos observer on \(host):\(port)", reason: "/logdata did not answer JSON")
        }
        return object.isEmpty ? nil : object
    }

    /// Undoes `xml.sax.saxutils.escape` (`&amp;` last, so `&amp;lt;` stays `&lt;`).
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
