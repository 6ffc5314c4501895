import AuroraThrift
import Foundation
import GatewayCore
import SchedulerClient
import TestSupport
import Testing

@Suite("The configuration file (contract §2)")
struct GatewayConfigTests {
    static func keytab() -> String {
        let path = RepoPaths.temporaryDirectory().appendingPathComponent("gw.keytab").path
        _ = FileManager.default.createFile(atPath: path, contents: Data([5, 2]))
        return path
    }

    @Test("the contract's example shape parses, with defaults where keys are absent")
    func contractExample() throws {
        let keytab = Self.keytab()
        let yaml = """
        listen: "127.0.0.1:8080"
        public_url: "https://aurora-gw.example.org"
        data_dir: "/tmp/agw"
        cors:
          allowed_origins: ["https://ali-ci.example.org"]
        kerberos:
          principal: "aurora-gw/gw.example.org@EXAMPLE.ORG"
          keytab: "\(keytab)"
          renew_before: "15m"
        clusters:
          - name: build
            scheduler_uri: "https://aurora.example.org"
            auth_mechanism: KERBEROS
            service_principal: "HTTP/aurora-backend01.example.org@EXAMPLE.ORG"
            protocol: binary
            timeout: "30s"
            slave_root: "/var/lib/mesos"
            slave_run_directory: "latest"
        directory:
          kind: static
          cache_ttl: "5m"
          negative_cache_ttl: "30s"
          users:
            alice: [alice-aurora-users, alice-aurora-mesostest]
        admin_groups: [alice-aurora-admins]
        policy:
          - group: alice-aurora-users
            allow: [read]
            on: ["*/*/*/*"]
        service_accounts:
          ci-bot:
            groups: [alice-aurora-mesostest]
        """
        let config = try GatewayConfig.parse(yaml)
        #expect(config.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(config.kerberos == KerberosConfig(principal: "aurora-gw/gw.example.org@EXAMPLE.ORG", keytab: keytab, renewBefore: .seconds(900)))
        let cluster = try #require(config.clusters.first)
        #expect(cluster.name == "build")
        #expect(cluster.thriftProtocol == .binary)
        #expect(cluster.servicePrincipal == "HTTP/aurora-backend01.example.org@EXAMPLE.ORG")
        #expect(cluster.timeout == .seconds(30))
        #expect(cluster.retryDeadline == .seconds(30))
        #expect(config.directory.users["alice"] == ["alice-aurora-users", "alice-aurora-mesostest"])
        #expect(config.directory.cacheTTL == .seconds(300))
        #expect(config.policy == [PolicyRule(group: "alice-aurora-users", allow: ["read"], on: ["*/*/*/*"])])
        #expect(config.serviceAccounts == [ServiceAccount(name: "ci-bot", groups: ["alice-aurora-mesostest"])])
        #expect(config.corsAllowedOrigins == ["https://ali-ci.example.org"])
    }

    @Test("each bad value names its key", arguments: [
        ("listen: nowhere\n", "listen"),
        ("listne: 1\n", "listne"),
        ("clusters:\n  - name: a\n    scheduler_uri: http://x\n    auth_mechanism: UNAUTHENTICATED\n    timeout: soon\n", "clusters[0].timeout"),
        ("clusters:\n  - name: a\n    scheduler_uri: http://x\n    auth_mechanism: COOKIE\n", "clusters[0].auth_mechanism"),
        ("clusters:\n  - name: a\n    scheduler_uri: http://x\n    auth_mechanism: UNAUTHENTICATED\n    protocol: xml\n", "clusters[0].protocol"),
        ("clusters:\n  - name: a\n    scheduler_uri: http://x\n", "clusters[0].auth_mechanism"),
        ("clusters:\n  - name: a\n    zk: zk1,zk2\n    auth_mechanism: UNAUTHENTICATED\n", "clusters[0] (a)"),
        ("clusters:\n  - name: a/b\n    scheduler_uri: http://x\n    auth_mechanism: UNAUTHENTICATED\n", "clusters[0].name"),
        ("clusters:\n  - name: a\n    scheduler_uri: ftp://x\n    auth_mechanism: UNAUTHENTICATED\n", "clusters[0].scheduler_uri"),
        ("kerberos:\n  principal: p@R\n  keytab: /nonexistent/k.keytab\n", "kerberos.keytab"),
        ("kerberos:\n  keytab: /x\n", "kerberos.principal"),
        ("directory:\n  kind: nis\n", "directory.kind"),
        ("policy:\n  - group: g\n", "policy[0]"),
        ("policy:\n  - group: g\n    allow: [read]\n    on: [\"build/*\"]\n", "policy[0].on[0]"),
        ("policy:\n  - group: g\n    allow: [read, jobs.craete]\n", "policy[0].allow[1]"),
        ("rate_limits:\n  reads_per_second: 0\n", "rate_limits.reads_per_second"),
        ("rate_limits:\n  writes_burst: 0\n", "rate_limits.writes_burst"),
        ("webhooks:\n  github:\n    - repository: alisw/alidist\n", "webhooks.github[0].secret_file"),
        ("log_level: loud\n", "log_level"),
        ("clusters:\n  - name: a\n    scheduler_uri: http://x\n    auth_mechanism: UNAUTHENTICATED\n  - name: a\n    scheduler_uri: http://y\n    auth_mechanism: UNAUTHENTICATED\n", "clusters[1].name"),
        ("clusters:\n  - name: a\n    scheduler_uri: http://x\n    auth_mechanism: UNAUTHENTICATED\n    timeout: 0s\n", "clusters[0].timeout"),
        ("clusters:\n  - name: a\n    scheduler_uri: http://x\n    auth_mechanism: UNAUTHENTICATED\n    timeout: 1e20s\n", "clusters[0].timeout"),
        ("sandbox:\n  known_hosts: /etc/hosts\n", "sandbox.ssh_key"),
        ("sandbox:\n  ssh_key: /nonexistent/id\n  known_hosts: /etc/hosts\n", "sandbox.ssh_key"),
        ("sandbox:\n  ssh_key: /etc/hosts\n  known_hosts: /nonexistent/kh\n", "sandbox.known_hosts"),
        ("sandbox:\n  ssh_key: /etc/hosts\n  known_hosts: /etc/hosts\n  ssh_port: 0\n", "sandbox.ssh_port"),
        ("sandbox:\n  ssh_key: /etc/hosts\n  known_hosts: /etc/hosts\n  run_timeout: 20m\n", "sandbox.run_timeout"),
        ("sandbox:\n  ssh_key: /etc/hosts\n  known_hosts: /etc/hosts\n  ssh_user: \"a b\"\n", "sandbox.ssh_user"),
        ("sandbox:\n  ssh_key: /etc/hosts\n  known_hosts: /etc/hosts\n  max_output_bytes: 10\n", "sandbox.max_output_bytes"),
        ("header_timeout: 0s\n", "header_timeout"),
    ])
    func badValues(yaml: String, key: String) throws {
        let error = #expect(throws: ConfigError.self) { try GatewayConfig.parse(yaml) }
        #expect(error?.key == key, "\(String(describing: error))")
    }

    @Test("a ZooKeeper-only cluster says that discovery is not supported and what to set")
    func zookeeperOnly() throws {
        let error = #expect(throws: ConfigError.self) {
            try GatewayConfig.parse("clusters:\n  - name: a\n    zk: zk1\n    auth_mechanism: UNAUTHENTICATED\n")
        }
        #expect(error?.problem.contains("ZooKeeper discovery is not supported") == true)
        #expect(error?.problem.contains("scheduler_uri") == true)
    }

    @Test("AURORA_GATEWAY_* variables override top-level scalars")
    func environmentOverride() throws {
        let config = try GatewayConfig.parse("listen: 127.0.0.1:1\ndata_dir: /a\n",
                                             environment: ["AURORA_GATEWAY_LISTEN": "0.0.0.0:9090", "AURORA_GATEWAY_DATA_DIR": "/b",
                                                           "AURORA_GATEWAY_POLICY": "ignored: sections are not scalars"])
        #expect(config.listen == ListenAddress(host: "0.0.0.0", port: 9090))
        #expect(config.dataDir == "/b")
    }

    @Test("clusters.json is imported, and a YAML cluster of the same name wins")
    func clustersFile() throws {
        let dir = RepoPaths.temporaryDirectory()
        let file = dir.appendingPathComponent("clusters.json").path
        try Data("""
        [{"name": "build", "scheduler_uri": "http://a:8081", "auth_mechanism": "UNAUTHENTICATED", "slave_root": "/var/lib/mesos", "slave_run_directory": "latest"},
         {"name": "other", "scheduler_uri": "http://b:8081"},
         {"zk": "no-name"}]
        """.utf8).write(to: URL(fileURLWithPath: file))
        let config = try GatewayConfig.parse("""
        clusters_file: \(file)
        clusters:
          - name: other
            scheduler_uri: http://c:8081
            auth_mechanism: UNAUTHENTICATED
        """)
        #expect(config.clusters.map(\.name) == ["build", "other"])
        #expect(config.clusters[0].slaveRoot == "/var/lib/mesos")
        #expect(config.clusters[0].authMechanism == .unauthenticated)
        #expect(config.clusters[1].schedulerURI == "http://c:8081")
    }

    @Test("durations", arguments: [("500ms", 0.5), ("30s", 30.0), ("15m", 900.0), ("24h", 86_400.0), ("90d", 7_776_000.0), ("1.5s", 1.5)])
    func durations(text: String, seconds: Double) {
        #expect(Durations.parse(text).map(Durations.seconds) == seconds)
    }

    @Test("bad durations", arguments: ["", "s", "10", "-1s", "5 m", "1w"])
    func badDurations(text: String) {
        #expect(Durations.parse(text) == nil)
    }

    @Test("an ldap directory: CERN xldap defaults, the password read from its file, bad values named")
    func ldapDirectory() throws {
        let dir = RepoPaths.temporaryDirectory()
        let password = dir.appendingPathComponent("bind.password").path
        try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: password))
        let empty = dir.appendingPathComponent("empty.password").path
        try Data("\n".utf8).write(to: URL(fileURLWithPath: empty))
        let config = try GatewayConfig.parse("""
        directory:
          kind: ldap
          url: ldaps://xldap.example.org
          bind_dn: CN=svc,OU=Users,DC=cern,DC=ch
          bind_password_file: \(password)
          nested: expand
          nested_depth: 3
        """)
        let ldap = try #require(config.directory.ldap)
        #expect(ldap.url == "ldaps://xldap.example.org")
        #expect(ldap.bindPassword == "s3cret")
        #expect(ldap.nested == .expand)
        #expect(ldap.nestedDepth == 3)
        #expect(ldap.groupBase == "OU=e-groups,OU=Workgroups,DC=cern,DC=ch")
        #expect(ldap.groupAttribute == "memberOf")
        for (yaml, key) in [("directory:\n  kind: ldap\n  url: http://x\n", "directory.url"),
                            ("directory:\n  kind: ldap\n  bind_dn: cn=x\n", "directory.bind_password_file"),
                            ("directory:\n  kind: ldap\n  user_filter: (cn=x)\n", "directory.user_filter"),
                            ("directory:\n  kind: ldap\n  nested: deep\n", "directory.nested"),
                            ("directory:\n  kind: ldap\n  nested_depth: -1\n", "directory.nested_depth"),
                            ("directory:\n  kind: ldap\n  bind_dn: cn=x\n  bind_password_file: \(empty)\n", "directory.bind_password_file")] {
            let error = #expect(throws: ConfigError.self) { try GatewayConfig.parse(yaml) }
            #expect(error?.key == key)
        }
    }

    @Test("a cern-authz directory: CERN's endpoints by default, the client secret read from its file, bad values named")
    func cernAuthzDirectory() throws {
        let dir = RepoPaths.temporaryDirectory()
        let secret = dir.appendingPathComponent("client.secret").path
        try Data("s3cr&t\n".utf8).write(to: URL(fileURLWithPath: secret))
        let config = try GatewayConfig.parse("""
        directory:
          kind: cern-authz
          client_id: aurora-gateway
          client_secret_file: \(secret)
          api_url: https://authz.example.org
          timeout: 5s
        """)
        #expect(config.directory.kind == "cern-authz")
        #expect(config.directory.ldap == nil)
        let authz = try #require(config.directory.cernAuthz)
        #expect(authz == CERNAuthzSettings(apiURL: "https://authz.example.org", clientID: "aurora-gateway", clientSecret: "s3cr&t",
                                           timeout: .seconds(5)))
        #expect(authz.tokenURL == "https://auth.cern.ch/auth/realms/cern/api-access/token")
        #expect(authz.audience == "authorization-service-api")
        #expect(!"\(authz)".contains("s3cr&t"))
        for (yaml, key) in [("directory:\n  kind: cern-authz\n  client_secret_file: \(secret)\n", "directory.client_id"),
                            ("directory:\n  kind: cern-authz\n  client_id: x\n", "directory.client_secret_file"),
                            ("directory:\n  kind: cern-authz\n  client_id: x\n  client_secret_file: /nonexistent/secret\n", "directory.client_secret_file"),
                            ("directory:\n  kind: cern-authz\n  client_id: x\n  client_secret_file: \(secret)\n  token_url: ftp://x\n", "directory.token_url"),
                            ("directory:\n  kind: cern-authz\n  client_id: x\n  client_secret_file: \(secret)\n  audiense: x\n", "directory.audiense"),
                            ("directory:\n  kind: cern-authz\n  client_id: x\n  client_secret_file: \(secret)\n  api_url: http://authz.example.org\n", "directory.api_url")] {
            let error = #expect(throws: ConfigError.self) { try GatewayConfig.parse(yaml) }
            #expect(error?.key == key)
            #expect(error?.description.contains("s3cr&t") == false)
        }
    }
}
