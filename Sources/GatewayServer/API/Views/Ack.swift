import AuroraThrift
import GatewayAPI

/// The answer of operations whose only result is the scheduler's acknowledgement.
enum AckView {
    static func make(_ response: Response) -> Components.Schemas.Ack {
        .init(responseCode: (response.responseCode ?? .ok).description, messages: (response.details ?? []).compactMap(\.message))
    }
}
