import Testing
@testable import AuroraThrift

/// Byte-level details of the TJSON writer and reader that must match Java's `TJSONProtocol`.
@Suite struct TJSONFormatTests {
    func json(_ value: some ThriftCodable) -> String {
        String(decoding: ThriftCodec.encode(value, as: .json), as: UTF8.self)
    }

    @Test func stringsAreEscapedLikeJava() throws {
        let detail = ResponseDetail(message: "q\"b\\s/\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F}é😀")
        let encoded = json(detail)
        #expect(encoded == #"{"1":{"str":"q\"b\\s/\b\f\n\r\t\u0000\u001f"# + "\u{7F}é😀\"}}")
        #expect(try ThriftCodec.decode(ResponseDetail.self, from: bytes(encoded), as: .json) == detail)
        // Every \u escape the writer emits uses lowercase hex.
        let controls = ResponseDetail(message: String(decoding: Array(0..<0x20) as [UInt8], as: UTF8.self))
        let escaped = json(controls)
        #expect(escaped.contains(#"\u001a"#) && escaped.contains(#"\u000b"#))
        #expect(!escaped.contains(where: { "ABCDEF".contains($0) }))
    }

    @Test func numbersAreBareExceptSpecialDoubles() {
        #expect(json(PercentageSlaPolicy(percentage: 0.1, durationSecs: Int64.max)) == #"{"1":{"dbl":0.1},"2":{"i64":9223372036854775807}}"#)
        #expect(json(PercentageSlaPolicy(percentage: 15, durationSecs: Int64.min)) == #"{"1":{"dbl":15.0},"2":{"i64":-9223372036854775808}}"#)
        #expect(json(PercentageSlaPolicy(percentage: .nan)) == #"{"1":{"dbl":"NaN"}}"#)
        #expect(json(PercentageSlaPolicy(percentage: .infinity)) == #"{"1":{"dbl":"Infinity"}}"#)
        #expect(json(PercentageSlaPolicy(percentage: -.infinity)) == #"{"1":{"dbl":"-Infinity"}}"#)
        #expect(json(JobUpdateSettings(rollbackOnFailure: true, waitForBatchCompletion: false)) == #"{"6":{"tf":1},"8":{"tf":0}}"#)
    }

    @Test(arguments: [
        (0.1, "0.1"), (15.0, "15.0"), (-0.0, "-0.0"), (0.0, "0.0"), (1e-3, "0.001"), (9.99e-4, "9.99E-4"),
        (1e7, "1.0E7"), (9_999_999.5, "9999999.5"), (123_456_789.123, "1.23456789123E8"), (1e-5, "1.0E-5"),
        (2.5e-10, "2.5E-10"), (1.7976931348623157e308, "1.7976931348623157E308"), (.leastNonzeroMagnitude, "5.0E-324"),
        (100.0, "100.0"), (0.5, "0.5"), (1234.5678, "1234.5678"),
    ] as [(Double, String)])
    func doublesUseJavaLayout(value: Double, expected: String) throws {
        var out: [UInt8] = []
        JSONNumbers.appendJavaDouble(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
        let decoded = try ThriftCodec.decode(PercentageSlaPolicy.self, from: bytes(#"{"1":{"dbl":"# + expected + "}}"), as: .json)
        #expect(decoded.percentage == value)
    }

    @Test func specialDoublesAreRead() throws {
        for (text, check) in [(#""NaN""#, { (d: Double) in d.isNaN }), (#""Infinity""#, { $0 == .infinity }), (#""-Infinity""#, { $0 == -.infinity })] {
            let decoded = try ThriftCodec.decode(PercentageSlaPolicy.self, from: bytes(#"{"1":{"dbl":"# + text + "}}"), as: .json)
            #expect(decoded.percentage.map(check) == true, "\(text)")
        }
    }

    @Test func mapKeysAreQuotedAndSorted() throws {
        let tier = TierConfig(name: "preferred", settings: ["revocable": "false", "preemptible": "false"])
        #expect(json(tier) == #"{"1":{"str":"preferred"},"2":{"map":["str","str",2,{"preemptible":"false","revocable":"false"}]}}"#)
        // Numeric keys are quoted: exercised through the writer and reader directly.
        var writer = TJSONWriter()
        writer.writeMapBegin(.i32, .double, count: 2)
        writer.writeI32(7)
        writer.writeDouble(1.5)
        writer.writeI32(-1)
        writer.writeDouble(.nan)
        writer.writeMapEnd()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"["i32","dbl",2,{"7":1.5,"-1":"NaN"}]"#)
        try TJSONReader.withReader(over: writer.bytes) { reader in
            let header = try reader.readMapBegin()
            #expect(header.keyType == .i32 && header.valueType == .double && header.count == 2)
            #expect(try reader.readI32() == 7)
            #expect(try reader.readDouble() == 1.5)
            #expect(try reader.readI32() == -1)
            #expect(try reader.readDouble().isNaN)
            try reader.readMapEnd()
            try reader.finish()
        }
    }

    @Test func binaryIsUnpaddedBase64() throws {
        var writer = TJSONWriter()
        writer.writeListBegin(.string, count: 4)
        for data in [[], [0x41], [0x41, 0x42], [0xFB, 0xFF, 0x00]] as [[UInt8]] { writer.writeBinary(data) }
        writer.writeListEnd()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"["str",4,"","QQ","QUI","+/8A"]"#)
        let input = bytes(#"["str",6,"QQ==","QUI=","QUI","+/8A","\/w","Q"]"#)
        let failure: ThriftError? = TJSONReader.withReader(over: input) { reader in
            do {
                _ = try reader.readListBegin()
                #expect(try reader.readBinary() == [0x41])
                #expect(try reader.readBinary() == [0x41, 0x42])
                #expect(try reader.readBinary() == [0x41, 0x42])
                #expect(try reader.readBinary() == [0xFB, 0xFF, 0x00])
                #expect(try reader.readBinary() == [0xFF])
                _ = try reader.readBinary()
                return nil
            } catch {
                return error as? ThriftError
            }
        }
        #expect(failure == .invalidBase64(offset: 42))
    }

    @Test func binaryProtocolLayout() {
        var writer = TBinaryWriter()
        writer.writeFieldBegin(.double, id: 1)
        writer.writeDouble(0.1)
        writer.writeFieldBegin(.map, id: -2)
        writer.writeMapBegin(.string, .i32, count: 1)
        writer.writeString("é")
        writer.writeI32(-2)
        writer.writeBool(true)
        writer.writeI16(0x0102)
        writer.writeFieldStop()
        #expect(writer.bytes == hex(
            "04 00 01 3f b9 99 99 99 99 99 9a 0d ff fe 0b 08 00 00 00 01 00 00 00 02 c3 a9 ff ff ff fe 01 01 02 00"
        ))
    }

    @Test func fieldsMayComeInAnyOrderAndUnknownOnesAreSkipped() throws {
        let input = #"{"3":{"str":"hello"},"99":{"map":["i32","lst",1,{"5":["set",1,["rec",1,{"1":{"dbl":"NaN"}}]]}]},"#
            + #""1":{"str":"mesostest"},"42":{"tf":1},"2":{"str":"devel"}}"#
        let key = try ThriftCodec.decode(JobKey.self, from: bytes(input), as: .json)
        #expect(key == JobKey(role: "mesostest", environment: "devel", name: "hello"))
        #expect(key.description == "mesostest/devel/hello")
        #expect(json(key) == #"{"1":{"str":"mesostest"},"2":{"str":"devel"},"3":{"str":"hello"}}"#)
    }

    @Test func conveniences() {
        #expect(ScheduleStatus.running.isActive && !ScheduleStatus.running.isTerminal)
        #expect(ScheduleStatus.lost.isTerminal && !ScheduleStatus.lost.isActive)
        #expect(ScheduleStatus(name: "ROLL_FORWARD_PAUSED") == nil)
        #expect(JobUpdateStatus(name: "ROLL_FORWARD_PAUSED") == .rollForwardPaused)
        #expect(ScheduleStatus.`init`.name == "INIT" && ScheduleStatus.allKnown.count == 15)
        #expect(ResponseCode.errorTransient.rawValue == 6 && "\(ResponseCode.invalidRequest)" == "INVALID_REQUEST")
        #expect(CronCollisionPolicy.killExisting.rawValue == 0 && Mode.rw.rawValue == 1 && JobUpdatePulseStatus.ok.rawValue == 1)
        let response = Response(responseCode: .error, details: [ResponseDetail(message: "a"), ResponseDetail(), ResponseDetail(message: "")])
        #expect(response.message == "a, Unknown error, Unknown error")
        #expect(AuroraConstants.goodIdentifierPattern == #"^[\w\-\.]+$"#)
        #expect(AuroraConstants.liveStates.isSubset(of: AuroraConstants.slaveAssignedStates))
        #expect(AuroraConstants.slaveAssignedStates == AuroraConstants.activeStates.subtracting([.pending, .throttled]))
        #expect(GetTasksStatusArgs.isReadOnly && MaintenanceStatusArgs.isReadOnly && !DrainHostsArgs.isReadOnly)
        #expect(RollbackJobUpdateArgs.methodName == "rollbackJobUpdate")
    }

    @Test func errorDescriptionsAreSentences() {
        let errors: [ThriftError] = [
            .truncated(offset: 3), .unexpectedCharacter(offset: 1, found: 0x20, expected: "'\"'"),
            .sizeExceedsInput(offset: 4, size: 9, remaining: 2), .applicationException(TApplicationException(.unknownMethod, message: "x")),
        ]
        for error in errors {
            #expect(error.description.hasSuffix(".") && error.description.first?.isUppercase == true, "\(error)")
        }
        #expect(ThriftError.unexpectedCharacter(offset: 1, found: 0x20, expected: "'\"'").description
            == "Unexpected character 0x20 at byte 1, expected '\"'.")
    }
}
