public import GatewayCore
import HummingbirdCore
import NIOCore
public import NIOSSL
import Synchronization

/// The TLS context new connections use; SIGHUP swaps it after loading the files again (connections already open keep
/// theirs). Loading fails with a sentence naming the key, so a bad certificate never replaces a good one.
public final class TLSContextHolder: Sendable {
    private let context: Mutex<NIOSSLContext>

    /// Loads `files` (PEM certificate chain and key).
    public init(files: ProductionSettings.TLSFiles) throws(ConfigError) {
        context = Mutex(try Self.load(files))
    }

    /// The context for the next connection.
    public var current: NIOSSLContext { context.withLock { $0 } }

    /// Replaces the context (used by the reloader once every new part has loaded).
    public func replace(_ new: NIOSSLContext) { context.withLock { $0 = new } }

    /// Reads the files into a server context (TLS 1.2 or later).
    public static func load(_ files: ProductionSettings.TLSFiles) throws(ConfigError) -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(files.certificateFile) } catch {
            throw ConfigError(key: "tls.certificate_file", "\(files.certificateFile) is not a PEM certificate chain (\(error))")
        }
        guard !chain.isEmpty else { throw ConfigError(key: "tls.certificate_file", "\(files.certificateFile) holds no certificate") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: files.keyFile, format: .pem) } catch {
            throw ConfigError(key: "tls.key_file", "\(files.keyFile) is not a PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw ConfigError(key: "tls.key_file", "\(files.keyFile) does not match \(files.certificateFile) or cannot be used (\(error))")
        }
    }
}

extension HTTPServerBuilder {
    /// HTTPS (HTTP/1.1 with `configuration`, request heads due within `headerTimeout`) with a context that SIGHUP can
    /// replace: the TLS handler takes the holder's context when the connection is accepted.
    static func reloadableTLS(_ holder: TLSContextHolder, configuration: HTTP1Channel.Configuration, headerTimeout: TimeAmount) -> HTTPServerBuilder {
        .init { responder in
            LeadingHandlerChannel(base: LeadingHandlerChannel(base: HTTP1Channel(responder: responder, configuration: configuration)) {
                HeaderDeadlineHandler(deadline: headerTimeout)
            }) {
                NIOSSLServerHandler(context: holder.current)
            }
        }
    }
}
