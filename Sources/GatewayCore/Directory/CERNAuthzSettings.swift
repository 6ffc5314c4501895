/// `directory: { kind: cern-authz, … }`: CERN's Authorization Service API, reached with OAuth2 client credentials.
public struct CERNAuthzSettings: Sendable, Equatable {
    /// The OAuth2 token endpoint that exchanges the client credentials for an access token.
    public var tokenURL: String
    /// The Authorization Service API's base URL, where a user's groups are looked up.
    public var apiURL: String
    /// The audience requested for the access token, so the API accepts it.
    public var audience: String
    /// The application's client ID, registered in CERN's Application Portal.
    public var clientID: String
    /// The application's client secret (read from `client_secret_file` at start-up; never logged).
    public var clientSecret: String
    /// A CA file that replaces the system's for both endpoints.
    public var caBundle: String?
    /// How long one request to either endpoint may take.
    public var timeout: Duration

    /// Creates settings; the defaults are CERN's production endpoints.
    public init(tokenURL: String = "https://auth.cern.ch/auth/realms/cern/api-access/token",
                apiURL: String = "https://authorization-service-api.web.cern.ch",
                audience: String = "authorization-service-api", clientID: String, clientSecret: String,
                caBundle: String? = nil, timeout: Duration = .seconds(10)) {
        self.tokenURL = tokenURL
        self.apiURL = apiURL
        self.audience = audience
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.caBundle = caBundle
        self.timeout = timeout
    }
}

/// Printing the settings (in logs, test failures, interpolated config) never shows the client secret.
extension CERNAuthzSettings: CustomStringConvertible, CustomDebugStringConvertible {
    /// The settings with the client secret redacted.
    public var description: String {
        "cern-authz(token_url: \(tokenURL), api_url: \(apiURL), audience: \(audience), client_id: \(clientID), client_secret: <redacted>)"
    }

    /// The same as `description`, so `debugPrint` and printing an enclosing value redact the secret too.
    public var debugDescription: String { description }
}
