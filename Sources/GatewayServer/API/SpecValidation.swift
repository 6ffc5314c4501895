import Foundation
import GatewayCore

/// Job specs are validated before the generated decoder sees them, so every problem is reported at once with a JSON
/// pointer (the generated decoder would stop at the first). The decoded spec reaches the handler as a task local.
enum SpecValidation {
    /// The spec of the request being served, once validated.
    @TaskLocal static var current: JobSpec?

    /// Operations whose body is a job spec, and where in the body it sits ("" = the whole body).
    static let locations: [String: String] = ["job.create": "", "job.inspect": "", "job.diff": "", "cron.schedule": "", "update.start": "spec"]

    /// The validated spec of `operation`'s body, nil for operations without one; a 400 listing every problem otherwise.
    static func validate(_ operation: String, body: [UInt8]) throws(GatewayProblem) -> JobSpec? {
        guard let location = locations[operation] else { return nil }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            throw .badRequest("the body is not JSON: send a job spec as application/json (see /openapi.yaml, JobSpec)", kind: "invalid-job-spec")
        }
        var value: Any = parsed
        if !location.isEmpty {
            guard let object = parsed as? [String: Any] else {
                throw .badRequest("the body must be a JSON object with \(location)", kind: "invalid-job-spec")
            }
            let allowed: Set<String> = ["spec", "settings", "message"]
            let unknown = object.keys.filter { !allowed.contains($0) }.sorted()
            guard unknown.isEmpty else {
                throw .badRequest("/\(unknown[0]): unknown field; allowed here: message, settings, spec", kind: "invalid-job-spec")
            }
            guard let spec = object[location] else {
                throw .badRequest("/\(location): is required: send the job spec there", kind: "invalid-job-spec")
            }
            value = spec
        }
        do { return try JobSpecDecoder.decode(object: value) } catch {
            let prefix = location.isEmpty ? "" : "/\(location)"
            let detail = error.problems.map { "\(prefix)\($0.pointer.isEmpty ? "" : $0.pointer): \($0.message)" }.joined(separator: "; ")
            throw .badRequest("the job spec has \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"): \(detail)",
                              kind: "invalid-job-spec")
        }
    }
}
