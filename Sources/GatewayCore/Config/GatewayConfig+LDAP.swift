import Foundation

extension GatewayConfig {
    static let ldapKeys = ["url", "start_tls", "ca_bundle", "bind_dn", "bind_password_file", "user_base", "user_filter",
                           "group_attribute", "group_base", "nested", "nested_depth", "timeout"]

    /// `directory:` with `kind: ldap`; the password file is read here, once, and never logged.
    static func parseLDAP(_ node: ConfigNode) throws(ConfigError) -> LDAPSettings {
        var settings = LDAPSettings()
        settings.url = try node.string("url") ?? settings.url
        guard settings.url.hasPrefix("ldap://") || settings.url.hasPrefix("ldaps://") else {
            throw ConfigError(key: "directory.url", "\"\(settings.url)\" must start with ldap:// or ldaps://")
        }
        if let startTLS = node.child("start_tls") {
            guard let flag = startTLS.node.bool else { throw ConfigError(key: "directory.start_tls", "must be true or false") }
            settings.startTLS = flag
        }
        settings.caBundle = try node.string("ca_bundle")
        if let ca = settings.caBundle { try checkReadable(ca, key: "directory.ca_bundle") }
        settings.bindDN = try node.string("bind_dn")
        if let file = try node.string("bind_password_file") {
            try checkReadable(file, key: "directory.bind_password_file")
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigError(key: "directory.bind_password_file", "\(file) cannot be read as UTF-8 text")
            }
            settings.bindPassword = text.trimmingCharacters(in: .newlines)
            guard settings.bindPassword?.isEmpty == false else {
                throw ConfigError(key: "directory.bind_password_file", "\(file) is empty: an empty password would bind anonymously")
            }
        } else if settings.bindDN != nil {
            throw ConfigError(key: "directory.bind_password_file", "is required with bind_dn")
        }
        settings.userBase = try node.string("user_base") ?? settings.userBase
        settings.userFilter = try node.string("user_filter") ?? settings.userFilter
        guard settings.userFilter.contains("{login}") else {
            throw ConfigError(key: "directory.user_filter", "must contain {login}, e.g. (&(objectClass=user)(cn={login}))")
        }
        settings.groupAttribute = try node.string("group_attribute") ?? settings.groupAttribute
        settings.groupBase = try node.string("group_base") ?? settings.groupBase
        if let nested = try node.string("nested") {
            guard let mode = NestedGroups(rawValue: nested) else {
                throw ConfigError(key: "directory.nested", "\"\(nested)\" is not none, matching-rule or expand")
            }
            settings.nested = mode
        }
        settings.nestedDepth = try node.int("nested_depth") ?? settings.nestedDepth
        guard (1...20).contains(settings.nestedDepth) else {
            throw ConfigError(key: "directory.nested_depth", "\(settings.nestedDepth) is outside 1…20")
        }
        if let timeout = try node.duration("timeout") {
            settings.timeoutSeconds = max(1, Int(Durations.seconds(timeout).rounded(.up)))
        }
        return settings
    }
}
