/// How nested e-groups are resolved.
public enum NestedGroups: String, Sendable, Equatable {
    /// Only direct memberships.
    case none
    /// One search with Active Directory's LDAP_MATCHING_RULE_IN_CHAIN (CERN's xldap supports it).
    case matchingRule = "matching-rule"
    /// The gateway follows each group's own `memberOf`, up to `depth` levels.
    case expand
}

/// `directory: { kind: ldap, … }`, with defaults matching CERN's xldap layout.
public struct LDAPSettings: Sendable, Equatable, CustomStringConvertible {
    /// `ldap://host`, `ldaps://host` (TLS from the start).
    public var url: String
    /// Upgrade an `ldap://` connection with StartTLS.
    public var startTLS: Bool
    /// A CA file for `ldaps://` or StartTLS.
    public var caBundle: String?
    /// Simple-bind DN; nil binds anonymously.
    public var bindDN: String?
    /// The bind password (read from `bind_password_file` at start-up; never logged).
    public var bindPassword: String?
    /// Where users are searched.
    public var userBase: String
    /// The user filter; `{login}` is replaced by the RFC 4515-escaped login.
    public var userFilter: String
    /// The attribute on users (and groups) naming their groups.
    public var groupAttribute: String
    /// Only groups under this DN count; the e-group name is the first RDN's value.
    public var groupBase: String
    /// Nested-group strategy.
    public var nested: NestedGroups
    /// The deepest nesting followed with `expand`.
    public var nestedDepth: Int
    /// Network and search timeout in seconds.
    public var timeoutSeconds: Int

    /// Creates settings; the defaults are CERN's xldap.
    public init(url: String = "ldap://xldap.cern.ch", startTLS: Bool = false, caBundle: String? = nil,
                bindDN: String? = nil, bindPassword: String? = nil,
                userBase: String = "OU=Users,OU=Organic Units,DC=cern,DC=ch",
                userFilter: String = "(&(objectClass=user)(cn={login}))", groupAttribute: String = "memberOf",
                groupBase: String = "OU=e-groups,OU=Workgroups,DC=cern,DC=ch", nested: NestedGroups = .matchingRule,
                nestedDepth: Int = 5, timeoutSeconds: Int = 5) {
        self.url = url
        self.startTLS = startTLS
        self.caBundle = caBundle
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.userBase = userBase
        self.userFilter = userFilter
        self.groupAttribute = groupAttribute
        self.groupBase = groupBase
        self.nested = nested
        self.nestedDepth = nestedDepth
        self.timeoutSeconds = timeoutSeconds
    }

    /// The settings with the password replaced, safe to print.
    public var description: String {
        "ldap \(url) (start_tls: \(startTLS), bind_dn: \(bindDN ?? "anonymous"), password: \(bindPassword == nil ? "none" : "<redacted>"), user_base: \(userBase), nested: \(nested.rawValue))"
    }
}
