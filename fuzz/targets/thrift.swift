/// libFuzzer target: Aurora's Thrift readers (TJSON and TBinary), both directions the gateway and the simulator
/// read: replies (`decodeReply`) and calls (`readCall`). Any input must end in a thrown error or a value, never a
/// crash, a hang or unbounded memory. Built by fuzz/run together with Sources/AuroraThrift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzThrift(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    for kind in ThriftProtocolKind.allCases {
        _ = try? ThriftCodec.decodeReply(bytes, method: "getTasksWithoutConfigs", as: kind)
        _ = try? ThriftCodec.readCall(bytes, as: kind)
        _ = try? ThriftCodec.decode(JobConfiguration.self, from: bytes, as: kind)
    }
    return 0
}
