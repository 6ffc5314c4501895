import Testing
@testable import AuroraThrift

/// Every generated type survives encode → decode in both protocols for many pseudo-random values.
@Suite struct RoundTripTests {
    static let seeds: Swift.Range<UInt64> = 0..<150

    @Test(arguments: allGeneratedTypes, ThriftProtocolKind.allCases)
    func generatedTypeRoundTrips(type: ArbitraryType, kind: ThriftProtocolKind) throws {
        for seed in Self.seeds {
            let trip = try type.roundTrip(seed, kind)
            #expect(trip.equal, "seed \(seed): \(trip.original)")
            #expect(trip.reencoded == trip.bytes, "seed \(seed): output is not deterministic")
            if kind == .json {
                #expect(!hasWhitespaceOutsideStrings(trip.bytes), "seed \(seed): whitespace in \(String(decoding: trip.bytes, as: UTF8.self))")
            }
            if !trip.equal { break }
        }
    }

    @Test func everyReachableTypeIsCovered() {
        #expect(allGeneratedTypes.count > 100)
        let names = Set(allGeneratedTypes.map(\.description))
        for name in ["Response", "Result", "TaskConfig", "ScheduledTask", "KillTasksArgs", "SetQuotaArgs", "GetTierConfigsArgs"] {
            #expect(names.contains(name), "\(name) is missing")
        }
    }

    @Test func randomValuesAreRichEnoughToMatter() {
        var largest = 0
        var deepTasks = 0
        for seed in Self.seeds {
            var g = Gen(seed: seed)
            let response = Response.arbitrary(&g)
            largest = max(largest, ThriftCodec.encode(response, as: .json).count)
            if case .scheduleStatusResult(let result) = response.result,
               result.tasks?.contains(where: { $0.assignedTask?.task?.resources?.isEmpty == false }) == true {
                deepTasks += 1
            }
        }
        #expect(largest > 2_000)
        #expect(deepTasks > 0)
    }

    @Test(arguments: ThriftProtocolKind.allCases)
    func repliesRoundTrip(kind: ThriftProtocolKind) throws {
        for seed in Self.seeds {
            var g = Gen(seed: seed)
            let response = Response.arbitrary(&g)
            let seqid = Int32(truncatingIfNeeded: seed) - 70
            let bytes = ThriftCodec.encodeReply(response, method: "getJobs", seqid: seqid, as: kind)
            #expect(try ThriftCodec.decodeReply(bytes, method: "getJobs", as: kind) == response)
        }
    }

    @Test(arguments: ThriftProtocolKind.allCases)
    func exceptionRepliesThrow(kind: ThriftProtocolKind) {
        let exception = TApplicationException(.unknownMethod, message: "Invalid method name: 'frobnicate'")
        let bytes = ThriftCodec.encodeException(exception, method: "frobnicate", seqid: 3, as: kind)
        #expect(throws: ThriftError.applicationException(exception)) {
            try ThriftCodec.decodeReply(bytes, method: "frobnicate", as: kind)
        }
        #expect(exception.kind == .unknownMethod)
        #expect(TApplicationException(message: nil, type: 99).kind == .unknown)
    }

    @Test func exceptionReplyMatchesJavaLayout() {
        let bytes = ThriftCodec.encodeException(
            TApplicationException(.internalError, message: "boom"), method: "getJobs", seqid: 0, as: .json
        )
        #expect(String(decoding: bytes, as: UTF8.self) == #"[1,"getJobs",3,0,{"1":{"str":"boom"},"2":{"i32":6}}]"#)
    }

    @Test(arguments: ThriftProtocolKind.allCases)
    func replyForAnotherMethodIsRejected(kind: ThriftProtocolKind) {
        let bytes = ThriftCodec.encodeReply(Response(responseCode: .ok), method: "getJobs", seqid: 0, as: kind)
        #expect(throws: ThriftError.wrongMethodName(expected: "getQuota", found: "getJobs")) {
            try ThriftCodec.decodeReply(bytes, method: "getQuota", as: kind)
        }
        let call = ThriftCodec.encodeCall(GetJobsArgs(ownerRole: "x"), as: kind)
        #expect(throws: ThriftError.unexpectedMessageType(expected: .reply, found: .call)) {
            try ThriftCodec.decodeReply(call, method: "getJobs", as: kind)
        }
    }

    @Test(arguments: ThriftProtocolKind.allCases)
    func replyWithoutSuccessIsMissingResult(kind: ThriftProtocolKind) {
        var writer = TJSONWriter()
        writer.writeMessageBegin(ThriftMessageHeader(name: "getJobs", type: .reply, seqid: 0))
        AuroraReply().write(to: &writer)
        writer.writeMessageEnd()
        var binary = TBinaryWriter()
        binary.writeMessageBegin(ThriftMessageHeader(name: "getJobs", type: .reply, seqid: 0))
        AuroraReply().write(to: &binary)
        binary.writeMessageEnd()
        #expect(throws: ThriftError.missingResult(method: "getJobs")) {
            try ThriftCodec.decodeReply(kind == .json ? writer.bytes : binary.bytes, method: "getJobs", as: kind)
        }
    }

    @Test func unknownEnumValuesSurvive() throws {
        let event = TaskEvent(timestamp: 1, status: ScheduleStatus(rawValue: 42))
        for kind in ThriftProtocolKind.allCases {
            let decoded = try ThriftCodec.decode(TaskEvent.self, from: ThriftCodec.encode(event, as: kind), as: kind)
            #expect(decoded.status?.rawValue == 42)
            #expect(decoded.status?.name == nil)
            #expect(decoded.status?.description == "42")
        }
    }
}
