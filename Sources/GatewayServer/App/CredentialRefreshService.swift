import Kerberos
import ServiceLifecycle

/// Keeps the gateway's ticket fresh for as long as the server runs.
struct CredentialRefreshService: Service {
    let credential: KeytabCredential

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await credential.refreshLoop()
        }
    }
}
