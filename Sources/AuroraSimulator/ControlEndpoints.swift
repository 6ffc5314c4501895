import Foundation
import Hummingbird
import NIOCore

/// The JSON shape of `POST /sim/faults` and `GET /sim/faults`.
struct FaultSpec: Codable, Equatable {
    var delayMs: Int?
    var httpStatus: Int?
    var errorTransient: Bool?
    var garbage: Bool?
    var count: Int?

    enum CodingKeys: String, CodingKey {
        case delayMs = "delay_ms"
        case httpStatus = "http_status"
        case errorTransient = "error_transient"
        case garbage, count
    }

    init(_ fault: Fault) {
        delayMs = fault.delay.map { Int($0.wholeMilliseconds) }
        httpStatus = fault.httpStatus
        errorTransient = fault.errorTransient
        garbage = fault.garbage
        count = fault.count
    }

    var fault: Fault {
        Fault(
            delay: delayMs.map { .milliseconds($0) },
            httpStatus: httpStatus,
            errorTransient: errorTransient ?? false,
            garbage: garbage ?? false,
            count: count
        )
    }
}

/// `/sim/*`: fault injection and counters for out-of-process tests and benchmarks.
struct ControlEndpoints: Sendable {
    let faults: FaultInjector
    let stats: SimulatorStats

    /// `POST /sim/faults`: replaces the active fault; answers with it.
    func injectFault(_ request: Request) async -> HTTPReply {
        guard let body = try? await request.body.collect(upTo: 64 * 1024),
              let spec = try? JSONDecoder().decode(FaultSpec.self, from: Data(body.readableBytesView))
        else {
            return APIEndpoint.text(.badRequest, #"expected {"delay_ms":N,"http_status":S,"error_transient":B,"garbage":B,"count":K}"#)
        }
        if let status = spec.httpStatus, !(100...599).contains(status) {
            return APIEndpoint.text(.badRequest, "http_status must be between 100 and 599")
        }
        faults.inject(spec.fault)
        return currentFault()
    }

    /// `GET /sim/faults`: the active fault, or `{}`.
    func currentFault() -> HTTPReply {
        json(faults.current.map(FaultSpec.init))
    }

    /// `DELETE /sim/faults`: clears the fault.
    func clearFault() -> HTTPReply {
        faults.clear()
        return HTTPReply(status: .noContent)
    }

    /// `GET /sim/stats`: request counters.
    func statistics() -> HTTPReply {
        json(stats.snapshot())
    }

    private func json(_ value: (some Encodable)?) -> HTTPReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = value.flatMap { try? encoder.encode($0) } ?? Data("{}".utf8)
        return HTTPReply(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
