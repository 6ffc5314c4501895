/// The REST API's types and server protocol, generated at build time from `openapi/aurora-gateway.yaml`
/// (symlinked here as `openapi.yaml`) by swift-openapi-generator; this target holds no hand-written logic.
public enum GatewayAPISpec {
    /// Where the spec lives in the repository.
    public static let repositoryPath = "openapi/aurora-gateway.yaml"
}
