import ServiceLifecycle
import UnixSignals

/// Waits for SIGHUP and reloads the configuration each time, until graceful shutdown.
struct ReloadService: Service {
    let reloader: ConfigReloader

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            reloader.reload()
        }
    }
}
