import Testing
@testable import AuroraThrift

/// TJSON text rules: UTF-8, whitespace, escapes and number syntax, each violation a typed ``ThriftError``.
@Suite struct MalformedTextTests {
    @Test func invalidUTF8IsRejected() {
        #expect(thriftError { try ThriftCodec.decode(ResponseDetail.self, from: bytes(#"{"1":{"str":"ab"#) + [0xFF] + bytes(#""}}"#), as: .json) }
            == .invalidUTF8(offset: 15))
        #expect(thriftError { try ThriftCodec.decode(ResponseDetail.self, from: bytes(#"{"1":{"str":"\n"#) + [0xC0, 0xAF] + bytes(#""}}"#), as: .json) }
            == .invalidUTF8(offset: 15))
        #expect(thriftError { try ThriftCodec.decode(ResponseDetail.self, from: bytes(#"{"1":{"str":""#) + [0xED, 0xA0, 0x80] + bytes(#""}}"#), as: .json) }
            == .invalidUTF8(offset: 13))
        #expect(thriftError { try ThriftCodec.decode(ResponseDetail.self, from: bytes(#"{"1":{"str":"\ud800"}}"#), as: .json) } == .invalidUTF8(offset: 13))
        #expect(thriftError { try ThriftCodec.decode(ResponseDetail.self, from: bytes(#"{"1":{"str":"\udc00\ud800"}}"#), as: .json) } == .invalidUTF8(offset: 13))
        #expect(thriftError { try ThriftCodec.decode(ResponseDetail.self, from: bytes(#"{"1":{"str":"\ud800\u0041"}}"#), as: .json) } == .invalidUTF8(offset: 13))
        let binary: [UInt8] = [0x0B, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x61, 0xF5, 0x80, 0x00]
        #expect(thriftError { try ThriftCodec.decode(ResponseDetail.self, from: binary, as: .binary) } == .invalidUTF8(offset: 8))
    }

    @Test func whitespaceIsRejected() {
        let spaced = bytes(#"[1, "getRoleSummary",1,0,{}]"#)
        #expect(thriftError { try ThriftCodec.readCall(spaced, as: .json) } == .unexpectedCharacter(offset: 3, found: 0x20, expected: "'\"'"))
        #expect(responseError(#"{ "1":{"i32":1}}"#) == .unexpectedCharacter(offset: 1, found: 0x20, expected: "'\"'"))
        #expect(responseError("{\"1\":{\"i32\":1}\n}") == .unexpectedCharacter(offset: 14, found: 0x0A, expected: "','"))
        #expect(responseError(#"{"1": {"i32":1}}"#) == .unexpectedCharacter(offset: 5, found: 0x20, expected: "'{'"))
        #expect(thriftError { try ThriftCodec.decodeReply(bytes(" " + GoldenMessageTests.tasksReply), method: "getTasksWithoutConfigs", as: .json) }
            == .unexpectedCharacter(offset: 0, found: 0x20, expected: "'['"))
    }

    @Test func escapesFollowJava() throws {
        let decoded = try ThriftCodec.decode(ResponseDetail.self, from: bytes(#"{"1":{"str":"\u00e9\u00E9\/\"\\\b\f\n\r\t\ud83d\ude00"}}"#), as: .json)
        #expect(decoded.message == "éé/\"\\\u{8}\u{C}\n\r\t😀")
        #expect(responseError(#"{"99":{"str":"\u00g9"}}"#) == .unexpectedCharacter(offset: 18, found: 0x67, expected: "a hex digit"))
        #expect(responseError(#"{"99":{"str":"\x"}}"#) == .unexpectedCharacter(offset: 15, found: 0x78, expected: "an escape character"))
        #expect(responseError(#"{"99":{"str":"\u00"#) == .truncated(offset: 18))
    }

    @Test func numbersFollowJava() {
        #expect(thriftError { try ThriftCodec.decode(PercentageSlaPolicy.self, from: bytes(#"{"1":{"dbl":"0.5"}}"#), as: .json) }
            == .invalidNumber(offset: 12, text: #""0.5""#))
        #expect(responseError(#"{"1":{"i32":1.0}}"#) == .invalidNumber(offset: 12, text: "1.0"))
        #expect(responseError(#"{"1":{"i32":1e3}}"#) == .invalidNumber(offset: 12, text: "1e3"))
        #expect(responseError(#"{"1":{"i32":-}}"#) == .invalidNumber(offset: 12, text: "-"))
        #expect(responseError(#"{"1":{"i32":"1"}}"#) == .unexpectedCharacter(offset: 12, found: 0x22, expected: "a number"))
        #expect(responseError(#"{1:{"i32":1}}"#) == .unexpectedCharacter(offset: 1, found: 0x31, expected: "'\"'"))
        #expect(responseError(#"{"40000":{"i32":1}}"#) == .invalidNumber(offset: 2, text: "40000"))
        #expect(thriftError { try ThriftCodec.decode(PercentageSlaPolicy.self, from: bytes(#"{"1":{"dbl":1.2.3}}"#), as: .json) }
            == .invalidNumber(offset: 12, text: "1.2.3"))
    }

}
