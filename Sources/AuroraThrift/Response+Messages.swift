extension Response {
    /// The detail messages joined like the Python client: `', '.join(d.message or 'Unknown error')`.
    public var message: String {
        (details ?? []).map { detail in
            guard let message = detail.message, !message.isEmpty else { return "Unknown error" }
            return message
        }.joined(separator: ", ")
    }

    /// Whether the scheduler answered `OK`.
    public var isOK: Bool {
        responseCode == .ok
    }
}
