import Foundation
import RediclaimCore

/// An event as MySQL holds it: the definition plus the admin flags and the issued count.
public struct EventRecord: Sendable, Hashable {
    public var event: Event
    public var paused: Bool
    public var closed: Bool
    public var issuedCount: Int64

    public init(event: Event, paused: Bool = false, closed: Bool = false, issuedCount: Int64 = 0) {
        self.event = event
        self.paused = paused
        self.closed = closed
        self.issuedCount = issuedCount
    }
}
