import AuroraSimulator
import AuroraThrift
import HTTPTransport
import Kerberos
import Logging
import SchedulerClient
import TestSupport

/// Simulators and clients wired the way production wires them, against the test KDC.
enum Fixtures {
    static let http = CurlHTTPClient(threads: 8)
    static let logger = Logger(label: "test")

    /// A simulator on 127.0.0.1; with `spnegoPrincipal` it demands SPNEGO for that principal.
    static func simulator(spnegoPrincipal: String? = nil, keytab: String = "http.keytab", redirectTo: String? = nil,
                          protocolCluster: String = "build") async throws -> SimulatorServer {
        var configuration = SimulatorConfiguration(clusterName: protocolCluster, taskStepInterval: .milliseconds(20))
        configuration.redirectTo = redirectTo
        if let spnegoPrincipal {
            let kdc = try await TestKDC.shared()
            configuration.spnego = .init(keytab: kdc.keytab(keytab), principal: spnegoPrincipal)
        }
        return try await SimulatorServer.start(configuration, logger: logger)
    }

    /// The gateway's credential from the test keytab.
    static func credential() async throws -> KeytabCredential {
        let kdc = try await TestKDC.shared()
        return try KeytabCredential(settings: .init(principal: kdc.gatewayPrincipal, keytab: kdc.keytab("gateway.keytab")))
    }

    /// A client for `uri` (use `localhost` in the URI so the default SPN is HTTP/localhost@AGW.TEST).
    static func client(uri: String, kind: ThriftProtocolKind = .json, auth: AuthMechanism = .kerberos,
                       servicePrincipal: String? = nil, timeout: Duration = .seconds(5),
                       retryDeadline: Duration = .seconds(3)) async throws -> KerberosSchedulerClient {
        let cluster = ClusterConfig(name: "build", schedulerURI: uri, authMechanism: auth, servicePrincipal: servicePrincipal,
                                    thriftProtocol: kind, timeout: timeout, retryDeadline: retryDeadline)
        return try KerberosSchedulerClient(cluster: cluster, http: http, credential: auth == .kerberos ? try await credential() : nil,
                                           logger: logger)
    }

    /// A valid hello-world job like protocol.md §5.3.
    static func helloJob(name: String = "hello", role: String = "mesostest") -> JobConfiguration {
        let key = JobKey(role: role, environment: "devel", name: name)
        let task = TaskConfig(
            job: key, owner: Identity(user: "aurora-gateway"), isService: false, priority: 0, maxTaskFailures: 1,
            production: false, resources: [.numCpus(0.1), .ramMb(16), .diskMb(16)], constraints: [], taskLinks: [:],
            executorConfig: ExecutorConfig(name: "AuroraExecutor", data: "{}"), metadata: [],
            container: .mesos(MesosContainer()))
        return JobConfiguration(key: key, owner: Identity(user: "aurora-gateway"), cronCollisionPolicy: .killExisting,
                                taskConfig: task, instanceCount: 1)
    }
}
