import Hummingbird
import HummingbirdCore
import Logging

/// At most `limit` open connections; past it the server stops accepting (new ones wait in the listen
/// backlog) and says so once, and again when it accepts again.
struct ConnectionCap: AvailableConnectionsDelegate {
    let limit: Int
    let logger: Logger
    var open = 0
    var saturated = false

    init(_ limit: Int, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    mutating func connectionOpened() {
        open += 1
        if open >= limit, !saturated {
            saturated = true
            logger.warning(
                "connection cap reached: new connections wait in the listen backlog (gate.maxConnections)",
                metadata: ["gate.connections": "\(open)"])
        }
    }

    mutating func connectionClosed() {
        open -= 1
        if saturated, open < limit * 9 / 10 {
            saturated = false
            logger.notice("accepting connections again", metadata: ["gate.connections": "\(open)"])
        }
    }

    func isAcceptingNewConnections() -> Bool { open < limit }
}
