extension GatewayConfig {
    static let corsKeys = ["allowed_origins"]
    static let kerberosKeys = ["principal", "keytab", "renew_before"]
    static let directoryKeys = ["kind", "cache_ttl", "negative_cache_ttl", "users"] + ldapKeys + cernAuthzKeys.filter { !ldapKeys.contains($0) }
    static let policyKeys = ["group", "allow", "deny", "on"]
    static let serviceAccountKeys = ["groups"]

    /// Every key the loader accepts, as dotted paths (`clusters[].name`, `service_accounts.<name>.groups`): what
    /// docs/configuration.md must document, no more and no less (a test compares them).
    public static var referenceKeys: [String] {
        var keys = topLevelKeys
        func nested(_ prefix: String, _ names: [String]) { keys += names.map { "\(prefix).\($0)" } }
        nested("cors", corsKeys)
        nested("kerberos", kerberosKeys)
        nested("clusters[]", clusterKeys)
        nested("directory", directoryKeys)
        keys.append("directory.users.<login>")
        nested("policy[]", policyKeys)
        keys.append("service_accounts.<name>")
        nested("service_accounts.<name>", serviceAccountKeys)
        nested("webhooks", ["github"])
        nested("webhooks.github[]", githubKeys)
        nested("webhooks.github[].trust", trustKeys)
        nested("webhooks.github[].checks[]", checkKeys)
        nested("rate_limits", rateLimitKeys)
        nested("audit", auditKeys)
        nested("tls", tlsKeys)
        nested("metrics", metricsKeys)
        nested("sandbox", sandboxKeys)
        return keys
    }
}
