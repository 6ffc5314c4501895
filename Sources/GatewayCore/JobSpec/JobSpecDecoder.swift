import Foundation

/// Reads the JSON job spec of contract §4 into a ``JobSpec``, with JSONSerialization rather than Codable so that
/// every problem (unknown field, wrong type, missing or out-of-range value) is reported at once, each with its JSON
/// pointer and what to send instead.
public enum JobSpecDecoder {
    /// The most instances one job may have.
    public static let maxInstances = 10_000

    /// A minimal valid spec, quoted in messages.
    static let example = #"{"resources": {"cpu": 0.5, "ram_mb": 1024, "disk_mb": 2048}, "processes": [{"name": "main", "cmdline": "./run.sh"}]}"#

    /// Decodes a request body: one JSON object with the fields of contract §4.
    public static func decode(_ body: [UInt8]) throws(JobSpecInvalid) -> JobSpec {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            let reason = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String).map { " (\($0))" } ?? ""
            throw JobSpecInvalid(problems: [
                JobSpecProblem(pointer: "", message: "the body is not valid JSON\(reason): send one JSON object such as \(example)"),
            ])
        }
        return try decode(object: object)
    }

    /// Decodes an already parsed value: JSONSerialization output, or Swift `String`, `Bool`, `Int`, `Double`,
    /// `[String: Any]`, `[Any]` and `NSNull` values (e.g. a webhook check's rendered `spec`).
    public static func decode(object: Any) throws(JobSpecInvalid) -> JobSpec {
        var reader = SpecReader()
        let spec = reader.jobSpec(object)
        guard let spec, reader.problems.isEmpty else {
            let problems = reader.problems.isEmpty
                ? [JobSpecProblem(pointer: "", message: "not a job spec: send one JSON object such as \(example)")]
                : reader.problems
            throw JobSpecInvalid(problems: problems)
        }
        return spec
    }
}
