import Foundation
import SchedulerClient
import Testing

@Suite("Aurora's clusters.json")
struct ClustersFileTests {
    @Test("a list and an object of clusters both load; entries without a name are skipped")
    func shapes() throws {
        let list = try ClustersFile.parse(Data(#"[{"name":"a","scheduler_uri":"http://a","auth_mechanism":"KERBEROS"},{"zk":"x"}]"#.utf8))
        #expect(list.map(\.name) == ["a"])
        #expect(list[0].authMechanism == .kerberos)
        let object = try ClustersFile.parse(Data(#"{"b":{"name":"b","zk":"zk1","zk_port":2181,"scheduler_zk_path":"/aurora/scheduler"}}"#.utf8))
        #expect(object[0].zk == "zk1")
        #expect(object[0].zkPort == 2181)
        #expect(object[0].authMechanism == .unauthenticated)
    }

    @Test("an unknown auth mechanism and broken JSON are named")
    func errors() {
        #expect(throws: ClustersFile.LoadError.self) { try ClustersFile.parse(Data(#"[{"name":"a","auth_mechanism":"COOKIE"}]"#.utf8)) }
        #expect(throws: ClustersFile.LoadError.self) { try ClustersFile.parse(Data("[".utf8)) }
    }

    @Test("a ZooKeeper-only cluster cannot be used until discovery exists")
    func zookeeperOnly() {
        let error = #expect(throws: SchedulerError.self) {
            try KerberosSchedulerClient(cluster: ClusterConfig(name: "z", schedulerURI: nil, zk: "zk1"), http: Fixtures.http,
                                        credential: nil, logger: Fixtures.logger)
        }
        #expect(error?.description.contains("ZooKeeper") == true)
    }
}
