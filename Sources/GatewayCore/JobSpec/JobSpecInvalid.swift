/// One thing wrong in a job spec: where it is (an RFC 6901 JSON pointer into the body, `""` for the whole body)
/// and what to send instead.
public struct JobSpecProblem: Sendable, Equatable, CustomStringConvertible {
    /// The JSON pointer, e.g. `/resources/cpu` or `/processes/1/cmdline`.
    public let pointer: String
    /// What is wrong and what to send instead.
    public let message: String

    /// Creates a problem.
    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }

    /// `<pointer>: <message>`, with `(body)` standing for the empty pointer.
    public var description: String { "\(pointer.isEmpty ? "(body)" : pointer): \(message)" }
}

/// A job spec the gateway will not turn into an Aurora job; carries every problem found, in the order checked.
public struct JobSpecInvalid: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem, never empty.
    public let problems: [JobSpecProblem]

    /// Creates the error.
    public init(problems: [JobSpecProblem]) {
        self.problems = problems
    }

    /// The answer: 400 `invalid-job-spec`, the detail listing every problem as `<pointer>: <message>` joined by `; `.
    public var problem: GatewayProblem {
        GatewayProblem(status: 400, kind: "invalid-job-spec", title: "Invalid job spec", detail: description)
    }

    /// Every problem as `<pointer>: <message>`, joined by `; `.
    public var description: String { problems.map(\.description).joined(separator: "; ") }

    /// The pointers of the problems, in order.
    public var pointers: [String] { problems.map(\.pointer) }
}
