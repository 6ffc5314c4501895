extension JobKey: CustomStringConvertible {
    /// `role/environment/name`, with unset parts empty.
    public var description: String {
        "\(role ?? "")/\(environment ?? "")/\(name ?? "")"
    }
}
