import Foundation

/// What `rediclaim-bench spike` runs: who arrives when, against which gate, and for how long.
public struct SpikePlan: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var eventId: Int64 = 1001
    public var users = 10_000
    /// Arrivals per second once the ramp is over.
    public var arrivalsPerSecond = 1_000.0
    /// Seconds over which the arrival rate climbs from 0 to `arrivalsPerSecond`.
    public var rampSeconds = 0.0
    /// A user who has no final status this long after arriving gives up.
    public var deadlineSeconds = 120.0
    public var jwtSecret: String?
    public var userPrefix = "load"
    /// Keep-alive connections, shared by all users.
    public var connections = 256
    public var threads = 1
    /// An arrival or a poll sent later than this after its planned time counts as behind schedule.
    public var lateAfterMs = 50

    public init() {}

    /// The rate that lets `users` arrive within `seconds`, the first `ramp` of them climbing linearly.
    public static func rate(users: Int, within seconds: Double, ramp: Double) -> Double {
        Double(users) / max(0.001, seconds - ramp / 2)
    }

    /// When user `k` (0-based) arrives, in seconds after the start: an open model, whatever the gate does.
    public func arrival(_ k: Int) -> Double {
        let r = arrivalsPerSecond
        guard rampSeconds > 0 else { return Double(k) / r }
        let duringRamp = r * rampSeconds / 2
        if Double(k) <= duringRamp { return (2 * Double(k) * rampSeconds / r).squareRoot() }
        return rampSeconds + (Double(k) - duringRamp) / r
    }

    /// The planned arrival span: when the last user arrives.
    public var arrivalSeconds: Double { users > 0 ? arrival(users - 1) : 0 }
}
