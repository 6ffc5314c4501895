import Testing
import AuroraThrift

/// `ThriftProtocolKind(contentType:)` and `forAccept` follow the scheduler's table (protocol.md §1.1).
@Suite struct ContentTypeTests {
    @Test(arguments: [
        (nil, ThriftProtocolKind.json),
        ("", .json),
        ("application/x-thrift", .json),
        ("application/json", .json),
        ("APPLICATION/JSON", .json),
        ("application/vnd.apache.thrift.json", .json),
        ("application/vnd.apache.thrift.json; charset=utf-8", .json),
        ("application/vnd.apache.thrift.json;charset=UTF-8", .json),
        ("Application/Vnd.Apache.Thrift.Json; Charset=\"utf-8\"", .json),
        ("application/vnd.apache.thrift.binary", .binary),
        ("application/VND.apache.thrift.BINARY", .binary),
        (" application/vnd.apache.thrift.binary ", .binary),
    ] as [(String?, ThriftProtocolKind)])
    func acceptedRequestTypes(header: String?, kind: ThriftProtocolKind) {
        #expect(ThriftProtocolKind(contentType: header) == kind)
    }

    @Test(arguments: [
        "application/json; charset=utf-8",
        "application/x-thrift; charset=utf-8",
        "application/vnd.apache.thrift.json; charset=iso-8859-1",
        "application/vnd.apache.thrift.json; charset=utf-8; q=1",
        "application/vnd.apache.thrift.binary; charset=utf-8",
        "application/octet-stream",
        "text/plain",
        "application/vnd.apache.thrift.compact",
        "application/json, application/vnd.apache.thrift.binary",
        "application",
        "application/",
        "application/json;",
        "application/json; charset",
    ])
    func rejectedRequestTypes(header: String) {
        #expect(ThriftProtocolKind(contentType: header) == nil)
    }

    @Test func acceptHeaderPicksTheReplyProtocol() {
        #expect(ThriftProtocolKind.forAccept("application/vnd.apache.thrift.binary") == .binary)
        #expect(ThriftProtocolKind.forAccept("Application/Vnd.Apache.Thrift.Binary") == .binary)
        #expect(ThriftProtocolKind.forAccept(nil) == .json)
        #expect(ThriftProtocolKind.forAccept("*/*") == .json)
        #expect(ThriftProtocolKind.forAccept("application/vnd.apache.thrift.binary, application/json") == .json)
        #expect(ThriftProtocolKind.forAccept("application/vnd.apache.thrift.binary; q=0.9") == .json)
        #expect(ThriftProtocolKind.forAccept("application/vnd.apache.thrift.json") == .json)
        #expect(ThriftProtocolKind.forAccept("garbage") == .json)
    }

    @Test func contentTypesRoundTrip() {
        #expect(ThriftProtocolKind.json.contentType == "application/vnd.apache.thrift.json")
        #expect(ThriftProtocolKind.binary.contentType == "application/vnd.apache.thrift.binary")
        for kind in ThriftProtocolKind.allCases {
            #expect(ThriftProtocolKind(contentType: kind.contentType) == kind)
            #expect(ThriftProtocolKind.forAccept(kind.contentType) == kind)
        }
    }
}
