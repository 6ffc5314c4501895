import AuroraSimulator
import Foundation
import GatewayCore
import Logging
import SchedulerClient
import TestSupport

/// An in-process Aurora simulator serving real HTTP, and the cluster entry that points the gateway at it.
struct SimulatedCluster: Sendable {
    let simulator: SimulatorServer
    let name: String
    /// The realm when the simulator demands SPNEGO (`HTTP/localhost@<realm>`); nil when it does not.
    var realm: String?

    static func start(name: String = "build", step: Duration = .milliseconds(20), batchRunTime: Duration? = nil,
                      spnego: TestKDC? = nil) async throws -> SimulatedCluster {
        var logger = Logger(label: "simulator")
        logger.logLevel = .error
        var configuration = SimulatorConfiguration(clusterName: name)
        configuration.taskStepInterval = step
        configuration.batchTaskRunTime = batchRunTime
        configuration.validatesExecutorData = true
        if let spnego { configuration.spnego = .init(keytab: spnego.keytab("http.keytab"), principal: "HTTP/localhost@\(spnego.realm)") }
        return SimulatedCluster(simulator: try await SimulatorServer.start(configuration, logger: logger), name: name, realm: spnego?.realm)
    }

    var cluster: ClusterConfig {
        guard realm != nil else {
            return ClusterConfig(name: name, schedulerURI: simulator.baseURL, authMechanism: .unauthenticated, timeout: .seconds(10),
                                 retryDeadline: .seconds(2), slaveRoot: "/var/lib/mesos", slaveRunDirectory: "latest")
        }
        // SPNEGO: the gateway asks for HTTP/localhost, so the URI names localhost.
        return ClusterConfig(name: name, schedulerURI: "http://localhost:\(simulator.port)", authMechanism: .kerberos, timeout: .seconds(10),
                             retryDeadline: .seconds(2), slaveRoot: "/var/lib/mesos", slaveRunDirectory: "latest")
    }

    /// The matrix fixture's policy and users, with this cluster configured.
    func configure(_ config: inout GatewayConfig) {
        MatrixFixture.configure(&config)
        config.clusters = [cluster]
    }

    /// Gives `role` room for the fixtures' production (`preferred` tier) jobs, as an admin would with quota.set.
    func grantQuota(_ gateway: RunningGateway, role: String = "mesostest") async throws {
        let admin = try await gateway.issue("dave").secret
        let answer = try await gateway.call("PUT", "/v1/clusters/\(name)/roles/\(role)/quota", token: admin,
                                            json: ["cpu": 100, "ram_mb": 102_400, "disk_mb": 204_800])
        guard answer.status == 200 else { throw SimulatedClusterError(description: "quota.set failed: \(answer.text)") }
    }

    func stop() async { await simulator.shutdown() }
}

struct SimulatedClusterError: Error, CustomStringConvertible {
    let description: String
}
