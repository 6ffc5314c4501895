import GatewayAPI
import GatewayCore

extension APIHandler {
    /// Not served by this version: running commands in a task's sandbox needs the gateway's SSH key and pinned host
    /// keys, which arrive with the sandbox-access work. The answer says so instead of pretending.
    func task_run(_ input: Operations.Task_run.Input) async throws -> Operations.Task_run.Output {
        throw Self.sandboxNotAvailable("task.run")
    }

    /// Not served by this version (see `task_run`).
    func task_logs(_ input: Operations.Task_logs.Input) async throws -> Operations.Task_logs.Output {
        throw Self.sandboxNotAvailable("task.logs")
    }

    static func sandboxNotAvailable(_ operation: String) -> GatewayProblem {
        GatewayProblem(status: 501, kind: "not-implemented", title: "Not implemented",
                       detail: "\(operation) is not available in this version of the gateway (sandbox access over SSH and the Thermos observer is still to come): use the Aurora client's `aurora task run` / `aurora task ssh` meanwhile")
    }
}
