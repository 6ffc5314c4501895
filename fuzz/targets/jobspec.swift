/// libFuzzer target: the job-spec decoder (contract §4) that every `job.create`, `job.inspect`, `job.diff`,
/// `cron.schedule` and `update.start` body goes through. Any input must be a spec or a `JobSpecInvalid` listing
/// problems, never a crash. Built by fuzz/run together with the JobSpec sources.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJobSpec(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let spec = try? JobSpecDecoder.decode(bytes) {
        let key = JobKey(role: "mesostest", environment: "devel", name: "fuzz")
        _ = JobSpecTranslator.jobConfiguration(spec, cluster: "build", key: key, owner: "mesostest")
    }
    return 0
}
