import GatewayCore
import GatewayServer
import Logging

/// Sets up swift-log once for the process at the configured level and format.
enum LoggingSetup {
    static func bootstrap(level: String, format: ProductionSettings.LogFormat = .text) -> Logger {
        let threshold = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = threshold
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = threshold
                return handler
            }
        }
        var logger = Logger(label: "aurora-gateway")
        logger.logLevel = threshold
        return logger
    }
}
