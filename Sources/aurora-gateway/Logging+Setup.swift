import Logging

/// Sets up swift-log once for the process at the configured level.
enum LoggingSetup {
    static func bootstrap(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: level) ?? .info
            return handler
        }
        var logger = Logger(label: "aurora-gateway")
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
