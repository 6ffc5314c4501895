import Testing
@testable import AuroraThrift

/// Structurally broken or hostile input always ends in a typed ``ThriftError``, never a crash or a huge allocation.
@Suite struct MalformedStructureTests {
    static let jsonReply = bytes(GoldenMessageTests.tasksReply)
    static var binaryReply: [UInt8] {
        let response = try! ThriftCodec.decodeReply(jsonReply, method: "getTasksWithoutConfigs", as: .json)
        return ThriftCodec.encodeReply(response, method: "getTasksWithoutConfigs", seqid: 0, as: .binary)
    }

    @Test func everyPrefixOfAJSONReplyIsTruncated() {
        let reply = Self.jsonReply
        for length in 0..<reply.count {
            let failure = thriftError { try ThriftCodec.decodeReply(Array(reply[..<length]), method: "getTasksWithoutConfigs", as: .json) }
            switch failure {
            case .truncated(let offset): #expect(offset == length)
            case .sizeExceedsInput(_, _, let remaining): #expect(remaining < 4 * 13, "prefix \(length)")
            default: Issue.record("prefix \(length): \(String(describing: failure))")
            }
        }
    }

    @Test func everyPrefixOfABinaryReplyFails() {
        let reply = Self.binaryReply
        for length in 0..<reply.count {
            let failure = thriftError { try ThriftCodec.decodeReply(Array(reply[..<length]), method: "getTasksWithoutConfigs", as: .binary) }
            switch failure {
            case .truncated(let offset): #expect(offset == length)
            case .sizeExceedsInput: break
            default: Issue.record("prefix \(length): \(String(describing: failure))")
            }
        }
    }

    @Test func wrongTagsAreTyped() {
        #expect(responseError(#"{"1":{"str":"OK"}}"#) == .typeMismatch(offset: 11, expected: .i32, found: .string))
        #expect(responseError(#"{"1":{"xyz":1}}"#) == .unknownType(offset: 7, tag: #""xyz""#))
        #expect(responseError(#"{"1":{"i3":1}}"#) == .unknownType(offset: 7, tag: #""i3""#))
        #expect(responseError(#"{"6":{"set":["rec",0]}}"#) == .typeMismatch(offset: 11, expected: .list, found: .set))
        #expect(responseError(#"{"6":{"lst":["str",1,"x"]}}"#) == .typeMismatch(offset: 20, expected: .struct, found: .string))
        // An empty collection may carry any element tag.
        #expect(responseError(#"{"6":{"lst":["str",0]}}"#) == nil)
        let binary: [UInt8] = [0x10, 0x00, 0x01, 0x00]
        #expect(thriftError { try ThriftCodec.decode(Response.self, from: binary, as: .binary) } == .unknownType(offset: 0, tag: "16"))
        let wrongField: [UInt8] = [0x0B, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]
        #expect(thriftError { try ThriftCodec.decode(Response.self, from: wrongField, as: .binary) }
            == .typeMismatch(offset: 3, expected: .i32, found: .string))
    }

    @Test func negativeCountsAreRejected() {
        #expect(responseError(#"{"6":{"lst":["rec",-1]}}"#) == .negativeSize(offset: 19, size: -1))
        let binary: [UInt8] = [0x0F, 0x00, 0x06, 0x0C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]
        #expect(thriftError { try ThriftCodec.decode(Response.self, from: binary, as: .binary) } == .negativeSize(offset: 4, size: -1))
        let string: [UInt8] = [0x0B, 0x00, 0x63, 0x80, 0x00, 0x00, 0x00, 0x00]
        #expect(thriftError { try ThriftCodec.decode(Response.self, from: string, as: .binary) }
            == .negativeSize(offset: 3, size: Int64(Int32.min)))
    }

    @Test func hugeCountsFailBeforeAllocating() {
        #expect(responseError(#"{"6":{"lst":["rec",2147483647]}}"#) == .sizeExceedsInput(offset: 19, size: 2_147_483_647, remaining: 3))
        #expect(responseError(#"{"99":{"map":["str","i32",2147483647,{}]}}"#)
            == .sizeExceedsInput(offset: 26, size: 2_147_483_647, remaining: 6))
        #expect(responseError(#"{"1":{"i32":99999999999}}"#) == .invalidNumber(offset: 12, text: "99999999999"))
        // A list claiming 2^31-1 structs in 20 bytes of TBinary.
        let binary: [UInt8] = [0x0F, 0x00, 0x06, 0x0C, 0x7F, 0xFF, 0xFF, 0xFF] + Array(repeating: 0, count: 12)
        #expect(binary.count == 20)
        #expect(thriftError { try ThriftCodec.decode(Response.self, from: binary, as: .binary) }
            == .sizeExceedsInput(offset: 4, size: 2_147_483_647, remaining: 12))
        // Four i64s need 32 bytes, not 4.
        let longs: [UInt8] = [0x0F, 0x00, 0x63, 0x0A, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0]
        #expect(thriftError { try ThriftCodec.decode(Response.self, from: longs, as: .binary) }
            == .sizeExceedsInput(offset: 4, size: 4, remaining: 4))
        let string: [UInt8] = [0x0B, 0x00, 0x63, 0x7F, 0xFF, 0xFF, 0xFF, 0x41]
        #expect(thriftError { try ThriftCodec.decode(Response.self, from: string, as: .binary) }
            == .sizeExceedsInput(offset: 3, size: 2_147_483_647, remaining: 1))
    }

    static let depth = 10_000

    @Test func deeplyNestedJSONIsRejected() {
        let lists = #"{"99":{"lst":"# + String(repeating: #"["lst",1,"#, count: Self.depth) + "]}}"
        #expect(responseError(lists) == .nestingTooDeep(offset: 13 + 9 * 63 + 1, limit: 64))
        let structs = #"{"99":{"rec":"# + String(repeating: #"{"1":{"rec":"#, count: Self.depth) + "}}"
        #expect(responseError(structs) == .nestingTooDeep(offset: 13 + 12 * 63 + 1, limit: 64))
        let maps = #"{"99":{"map":"# + String(repeating: #"["str","map",1,{"k":"#, count: Self.depth) + "}}"
        #expect(isNestingFailure(responseError(maps)))
        // The same through the typed path: Result → ScheduleStatusResult → unknown field.
        let typed = #"{"3":{"rec":{"3":{"rec":{"7":{"rec":"# + String(repeating: #"{"1":{"rec":"#, count: Self.depth) + "}}"
        #expect(isNestingFailure(responseError(typed)))
        var skipFailure: ThriftError?
        TJSONReader.withReader(over: bytes(String(repeating: "[\"lst\",1,", count: Self.depth))) { reader in
            skipFailure = thriftError { try reader.skip(.list) }
        }
        #expect(isNestingFailure(skipFailure))
    }

    @Test func deeplyNestedBinaryIsRejected() {
        let lists: [UInt8] = [0x0F, 0x00, 0x63] + repeated([0x0F, 0x00, 0x00, 0x00, 0x01], Self.depth)
        #expect(isNestingFailure(thriftError { try ThriftCodec.decode(Response.self, from: lists, as: .binary) }))
        let structs: [UInt8] = [0x0C, 0x00, 0x63] + repeated([0x0C, 0x00, 0x01], Self.depth)
        #expect(isNestingFailure(thriftError { try ThriftCodec.decode(Response.self, from: structs, as: .binary) }))
        var skipFailure: ThriftError?
        TBinaryReader.withReader(over: repeated([0x0C, 0x00, 0x01], Self.depth)) { reader in
            skipFailure = thriftError { try reader.skip(.struct) }
        }
        #expect(isNestingFailure(skipFailure))
    }

    @Test func trailingBytesAreRejected() {
        let json = Self.jsonReply + bytes("x")
        #expect(thriftError { try ThriftCodec.decodeReply(json, method: "getTasksWithoutConfigs", as: .json) }
            == .trailingBytes(offset: Self.jsonReply.count, count: 1))
        let binary = Self.binaryReply + [0, 0]
        #expect(thriftError { try ThriftCodec.decodeReply(binary, method: "getTasksWithoutConfigs", as: .binary) }
            == .trailingBytes(offset: binary.count - 2, count: 2))
        #expect(thriftError { try ThriftCodec.decode(JobKey.self, from: bytes("{}{}"), as: .json) } == .trailingBytes(offset: 2, count: 2))
        let call = ThriftCodec.encodeCall(GetJobsArgs(), as: .json) + bytes(" ")
        #expect(thriftError { try ThriftCodec.readCall(call, as: .json).decodeArgs(GetJobsArgs.self) } == .trailingBytes(offset: call.count - 1, count: 1))
    }

    @Test func badMessageHeadersAreRejected() {
        #expect(thriftError { try ThriftCodec.readCall(bytes(#"[2,"getRoleSummary",1,0,{}]"#), as: .json) } == .badMessageVersion(offset: 1, version: 2))
        #expect(thriftError { try ThriftCodec.readCall(bytes(#"[1,"getRoleSummary",9,0,{}]"#), as: .json) } == .invalidMessageType(offset: 20, type: 9))
        let binary = hex("80 02 00 01 00 00 00 01 61 00 00 00 00 00")
        #expect(thriftError { try ThriftCodec.readCall(binary, as: .binary) } == .badMessageVersion(offset: 0, version: 0x8002_0000))
        let badType = hex("80 01 00 07 00 00 00 01 61 00 00 00 00 00")
        #expect(thriftError { try ThriftCodec.readCall(badType, as: .binary) } == .invalidMessageType(offset: 0, type: 7))
    }

    @Test func unionsNeedExactlyOneField() {
        let decode = { (json: String) in thriftError { try ThriftCodec.decode(Resource.self, from: bytes(json), as: .json) } }
        #expect(decode(#"{"1":{"dbl":1.0},"2":{"i64":3}}"#) == .unionWithMultipleFields(type: "Resource"))
        #expect(decode(#"{"2":{"i64":3},"2":{"i64":4}}"#) == .unionWithMultipleFields(type: "Resource"))
        #expect(decode("{}") == .unionWithoutField(type: "Resource"))
        #expect(decode(#"{"9":{"i64":3}}"#) == .unionWithoutField(type: "Resource"))
        #expect(decode(#"{"9":{"i64":3},"2":{"i64":4}}"#) == nil)
        let two: [UInt8] = [0x0A, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 1, 0x0A, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 1, 0x00]
        #expect(thriftError { try ThriftCodec.decode(Resource.self, from: two, as: .binary) } == .unionWithMultipleFields(type: "Resource"))
    }

    @Test(arguments: ThriftProtocolKind.allCases)
    func randomMutationsNeverCrash(kind: ThriftProtocolKind) {
        let original = kind == .json ? Self.jsonReply : Self.binaryReply
        var g = Gen(seed: 7)
        var failures = 0
        for _ in 0..<3000 {
            var mutated = original
            for _ in 0...g.below(4) {
                let index = g.below(mutated.count)
                switch g.below(3) {
                case 0: mutated[index] = UInt8(truncatingIfNeeded: g.next())
                case 1: mutated.remove(at: index)
                default: mutated.insert(UInt8(truncatingIfNeeded: g.next()), at: index)
                }
            }
            if thriftError({ try ThriftCodec.decodeReply(mutated, method: "getTasksWithoutConfigs", as: kind) }) != nil { failures += 1 }
        }
        #expect(failures > 1000)
    }
}
