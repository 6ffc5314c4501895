/// A configuration problem, naming the key (as a path like `clusters[0].timeout`) and what to do.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The key path, or the file for whole-file problems.
    public let key: String
    /// What is wrong and how to fix it.
    public let problem: String

    /// Creates an error.
    public init(key: String, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "\(key): \(problem)" }
}
