import GatewayCore
import Testing

@Suite("The audit record's canonical form and hash, as docs/audit.md specifies them for independent verifiers")
struct AuditCanonicalTests {
    func documented() -> AuditRecord {
        var record = AuditRecord(id: "req_7mB2kQ9xP1sD4fG6", phase: .decided, actor: "alice", authKind: "token", action: "me", decision: "allow")
        record.seq = 1
        record.time = "2026-11-30T10:00:00.123456Z"
        record.tokenID = "tk_3xQm0c2hZ8aB"
        record.sourceIP = "10.1.2.3"
        record.userAgent = "ci-bot/1.0"
        record.request = "GET /v1/me"
        record.groups = ["alice-aurora-users"]
        record.rule = "self-service"
        record.reason = "every authenticated caller may do me"
        record.requestDigest = RequestDigest.digest(method: "GET", path: "/v1/me", query: [], body: [])
        record.durationMicros = 412
        record.prevHash = AuditChain.genesis
        return record
    }

    @Test("the worked example of docs/audit.md: the same canonical line and hash")
    func workedExample() {
        let record = documented()
        #expect(record.requestDigest == "aad83fb682887a736b74881432515ac62c379617d036b8acf30f1554f6f0ce08")
        #expect(AuditChain.canonical(AuditChain.columns(record)) == #"{"action":"me","actor":"alice","auth_kind":"token","cluster":null,"decision":"allow","duration_us":412,"env":null,"error":null,"groups":"[\"alice-aurora-users\"]","http_status":null,"id":"req_7mB2kQ9xP1sD4fG6","instances":null,"job":null,"phase":"decided","prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","reason":"every authenticated caller may do me","request":"GET /v1/me","request_body":null,"request_digest":"aad83fb682887a736b74881432515ac62c379617d036b8acf30f1554f6f0ce08","response_code":null,"response_details":null,"role":null,"rule":"self-service","seq":1,"source_ip":"10.1.2.3","time":"2026-11-30T10:00:00.123456Z","token_id":"tk_3xQm0c2hZ8aB","upstream_principal":null,"upstream_rpc":null,"user_agent":"ci-bot/1.0"}"#)
        #expect(AuditChain.hash(record) == "82a4dbcf17bb6a219ec449427229fbc86d2703de1834e04266f433e6c72a48f7")
    }

    @Test("control characters, quotes and non-ASCII are escaped as documented")
    func escaping() {
        var record = documented()
        record.reason = "a\"b\\c\nd\u{01}é/"
        #expect(AuditChain.canonical(AuditChain.columns(record)).contains(#""reason":"a\"b\\c\nd\u0001é/""#))
    }

    @Test("digests redact secrets first: a guessed secret cannot be confirmed from request_digest")
    func redactedDigest() {
        let one = RequestDigest.digest(method: "POST", path: "/x", query: [("token", "abc")], body: Array(#"{"password":"hunter2","a":1}"#.utf8))
        let two = RequestDigest.digest(method: "POST", path: "/x", query: [("token", "xyz")], body: Array(#"{"a":1,"password":"other"}"#.utf8))
        #expect(one == two)
        #expect(RequestDigest.redactedBody(Array(#"{"name":"x","client_secret":"s","nested":{"token":"agwu_x"}}"#.utf8))
                == #"{"client_secret":"[redacted]","name":"x","nested":{"token":"[redacted]"}}"#)
    }
}
