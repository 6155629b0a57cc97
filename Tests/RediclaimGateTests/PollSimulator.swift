import Foundation

@testable import RediclaimGate

/// A queue of `queue` users, all present at the start, released at `rate` per second, every user
/// following `PollPolicy` exactly (no servers). Users are sampled in strata (the head one by one, the rest
/// log-spaced, each standing for its stratum), each in the state it would be in had it followed the policy
/// all along (its last poll a log-uniform step back), and the polls falling in the window are counted. A
/// far-back user polls in the window with a small probability only: its state is drawn among those that
/// poll in the window and its weight scaled by that probability (same expectation, far less noise).
struct PollSimulator {
    let policy: PollPolicy
    let queue: Int
    let rate: Double
    /// From release to the issuer's result in Redis.
    var issueLatency = 0.3
    var strata = 3_000
    var seed: UInt64 = 42

    struct Outcome {
        var pollsPerSecond: Double
        /// The longest a head user took to see ISSUED after it was written.
        var worstSeenAfterIssue: Double
        var window: Double
    }

    func run() -> Outcome {
        var random = SplitMix(seed: seed)
        let window = max(1, min(10, Double(queue) / rate))
        var users: [(position: Double, weight: Double)] = []
        let head = min(queue, 50)
        for p in 0..<head { users.append((Double(p), 1)) }
        if queue > head {
            var bounds: [Double] = []
            for j in 0...strata { bounds.append(Double(head) * pow(Double(queue) / Double(head), Double(j) / Double(strata))) }
            for j in 0..<strata where bounds[j + 1] > bounds[j] {
                users.append((bounds[j] + random.next() * (bounds[j + 1] - bounds[j]), bounds[j + 1] - bounds[j]))
            }
        }
        var polls = 0.0
        var worst = 0.0
        for user in users {
            let released = user.position / rate
            let issued = released + issueLatency
            var (t, chance) = firstPoll(wait: released, window: window, random: &random)
            while t < window {
                polls += user.weight * chance
                if t >= issued {
                    if user.position < Double(head) { worst = max(worst, t - issued) }
                    break
                }
                let next: Int
                if t >= released {
                    next = policy.pollAfterReleasedMs(random: random.next())
                } else {
                    let ahead = Int(max(0, user.position - rate * t))
                    let waiting = Int(max(1, Double(queue) - rate * t))
                    next = policy.pollAfterMs(ahead: ahead, waiting: waiting, ratePerSecond: rate, random: random.next())
                }
                t += Double(next) / 1_000
            }
        }
        return Outcome(pollsPerSecond: polls / window, worstSeenAfterIssue: worst, window: window)
    }

    /// When a user `wait` seconds from release polls first, and the chance it polls in the window at all.
    /// Beyond the head, its polls fell at waits w, w(1 - c), w(1 - c)^2, ...: now lies a log-uniform step
    /// after the last one. At the head it polls every `headIntervalMs`, at a uniform phase.
    func firstPoll(wait: Double, window: Double, random: inout SplitMix) -> (Double, Double) {
        let head = Double(policy.headIntervalMs) / 1_000
        guard wait > policy.headSeconds else { return (random.next() * head, 1) }
        let c = policy.fraction(waiting: queue, ratePerSecond: rate)
        let g = -log(1 - c)
        let cap = Double(policy.maximumMs) / 1_000
        if c * wait >= cap {
            // Told to come back after the cap: a uniform phase of it.
            return (random.next() * min(cap, window), min(1, window / cap))
        }
        // The last poll was at wait w' = wait * e^(g u), the next at w'(1 - c): `wait - w'(1 - c)` from now,
        // which is inside the window for u >= u0.
        let u0 = max(0, wait > window ? log((wait - window) / ((1 - c) * wait)) / g : 0)
        guard u0 < 1 else { return (window, 0) }
        let u = u0 + random.next() * (1 - u0)
        let last = wait * exp(g * u)
        return (max(0, wait - last * (1 - c)), 1 - u0)
    }
}

/// A small deterministic generator (SplitMix64), so the simulation's figures repeat exactly.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    /// Uniform in 0..<1.
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
