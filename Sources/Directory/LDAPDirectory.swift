import CLDAP
import Dispatch
import Foundation
public import GatewayCore

/// `GroupDirectory` over LDAP (OpenLDAP's libldap): the user's group attribute, nested groups by
/// matching rule or by expansion, group DNs under `group_base` mapped to e-group names.
public final class LDAPDirectory: GroupDirectory {
    public var kind: String { "ldap" }
    private let settings: LDAPSettings
    private static let queue = DispatchQueue(label: "aurora-gateway.ldap", attributes: .concurrent)

    /// Creates the directory; nothing connects until the first lookup.
    public init(settings: LDAPSettings) { self.settings = settings }

    public func groups(of login: String) async throws(DirectoryError) -> [String]? {
        let settings = self.settings
        let result: Result<[String]?, DirectoryError> = await withCheckedContinuation { continuation in
            Self.queue.async {
                do {
                    continuation.resume(returning: .success(try Self.lookup(login, settings: settings)))
                } catch {
                    continuation.resume(returning: .failure(DirectoryError(kind: "ldap", detail: (error as? DirectoryFailure)?.detail ?? "\(error)")))
                }
            }
        }
        return try result.get()
    }

    /// Blocking lookup on the caller's (non-cooperative) thread.
    static func lookup(_ login: String, settings: LDAPSettings) throws(DirectoryFailure) -> [String]? {
        let connection = try LDAPConnection(settings: settings)
        let filter = settings.userFilter.replacingOccurrences(of: "{login}", with: LDAPText.escapeFilterValue(login))
        let users = try connection.search(base: settings.userBase, scope: LDAP_SCOPE_SUBTREE, filter: filter,
                                          attribute: settings.groupAttribute)
        guard let user = users.first else { return nil }
        guard users.count == 1 else {
            throw DirectoryFailure("user_filter matched \(users.count) entries for one login under \(settings.userBase): make user_filter match exactly one user")
        }
        var groupDNs = user.values
        switch settings.nested {
        case .none:
            break
        case .matchingRule:
            let chain = "(member:1.2.840.113556.1.4.1941:=\(LDAPText.escapeFilterValue(user.dn)))"
            groupDNs += try connection.search(base: settings.groupBase, scope: LDAP_SCOPE_SUBTREE, filter: chain,
                                              attribute: "cn").map(\.dn)
        case .expand:
            var frontier = groupDNs
            var seen = Set(groupDNs.map { $0.lowercased() })
            for _ in 0..<settings.nestedDepth where !frontier.isEmpty {
                var next: [String] = []
                for dn in frontier {
                    for parent in try connection.search(base: dn, scope: LDAP_SCOPE_BASE, filter: "(objectClass=*)",
                                                        attribute: settings.groupAttribute).flatMap(\.values)
                    where seen.insert(parent.lowercased()).inserted {
                        next.append(parent)
                    }
                }
                groupDNs += next
                frontier = next
            }
        }
        var names: [String] = []
        for dn in groupDNs where LDAPText.isUnder(dn, base: settings.groupBase) {
            if let name = LDAPText.firstRDNValue(dn)?.lowercased(), !names.contains(name) { names.append(name) }
        }
        return names
    }
}
