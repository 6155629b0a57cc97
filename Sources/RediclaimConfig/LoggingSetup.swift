import Foundation
import Logging

/// Installs the process-wide log handler once, from the `log.*` settings.
public enum LoggingSetup {
    public static func bootstrap(_ settings: RediclaimConfiguration.Log) {
        let level = Logger.Level(rawValue: settings.level) ?? .info
        let json = settings.format == "json"
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
