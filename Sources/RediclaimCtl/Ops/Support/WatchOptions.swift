import ArgumentParser

/// `--watch [--interval N]`: redraw in place until Ctrl-C.
struct WatchOptions: ParsableArguments {
    @Flag(help: "Refresh in place until Ctrl-C") var watch = false
    @Option(help: "Seconds between refreshes with --watch") var interval: Double = 2
    @Option(help: .hidden) var count: Int?

    func validate() throws {
        guard interval >= 0.2 && interval <= 3_600 else { throw ValidationError("--interval must be 0.2...3600 seconds") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    /// Clears the terminal and moves the cursor home, so each frame replaces the last.
    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    /// Calls `frame` once, or with `--watch` every `interval` until Ctrl-C (or `count` frames),
    /// printing what it returns. `frame` gets the frame number, from 0.
    func loop(_ frame: (Int) async throws -> String) async throws {
        guard watch else {
            print(try await frame(0))
            return
        }
        var n = 0
        while count.map({ n < $0 }) ?? true {
            let started = ContinuousClock.now
            let text = try await frame(n)
            print(Self.clearScreen + text + "\n\n(every \(Self.format(interval)) s; Ctrl-C to stop)")
            n += 1
            if count.map({ n >= $0 }) ?? false { break }
            let next = started + .milliseconds(Int(interval * 1000))
            if next > .now { try await Task.sleep(until: next) }
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
