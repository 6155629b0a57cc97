import Foundation
import RediclaimIdentity
import Synchronization
import TestSupport

/// Users who enqueue (retrying a 503) and then poll /rank until a final status, as a shop's page does,
/// recording every answer with its time: what a failover looks like from outside.
final class FailoverLoad: Sendable {
    let base: String
    let eventId: Int64
    let secret: String
    private let answers = Mutex<[Answer]>([])
    private let acks = Mutex<[(user: String, at: ContinuousClock.Instant)]>([])

    /// One HTTP answer: when it came, its status and error code; status 0 is a transport error.
    struct Answer {
        let at: ContinuousClock.Instant
        let status: Int
        let code: String?
    }

    struct Outcome {
        var issued = 0, soldOut = 0, unfinished = 0, notInQueue = 0, requests = 0, transportErrors = 0, otherErrors = 0
    }

    /// Failed requests in a time range: how many, over how long, and how many were not a JSON 503 UNAVAILABLE.
    struct Failures {
        let count: Int
        let bad: Int
        let window: Duration?
        var summary: String {
            let span = window.map { "\(Int(($0 / .milliseconds(1)).rounded())) ms from first to last" } ?? "none"
            return "\(count) requests failed (\(bad) without a JSON UNAVAILABLE body), \(span)"
        }
    }

    init(base: String, eventId: Int64, secret: String) {
        self.base = base
        self.eventId = eventId
        self.secret = secret
    }

    /// `users` arrive evenly over `arrivalSeconds`; returns once every one is final (or after 120 s).
    func run(users: Int, arrivalSeconds: Double) async -> Outcome {
        let minter = await TokenMinter(secret: secret)
        let deadline = ContinuousClock.now + .seconds(120)
        let finals = await withTaskGroup(of: (String?, Int).self) { group in
            for index in 0..<users {
                let name = "cf\(eventId)-\(index)"
                let start = Duration.seconds(arrivalSeconds * Double(index) / Double(users))
                group.addTask {
                    try? await Task.sleep(for: start)
                    return await self.user(name, minter: minter, deadline: deadline)
                }
            }
            var all: [(String?, Int)] = []
            for await final in group { all.append(final) }
            return all
        }
        var outcome = Outcome()
        for (status, notInQueue) in finals {
            outcome.notInQueue += notInQueue
            switch status {
            case "ISSUED": outcome.issued += 1
            case "SOLD_OUT": outcome.soldOut += 1
            default: outcome.unfinished += 1
            }
        }
        for answer in answers.withLock({ $0 }) {
            outcome.requests += 1
            if answer.status == 0 { outcome.transportErrors += 1 }
            let expected = [200, 202].contains(answer.status) || (answer.status == 503 && answer.code == "UNAVAILABLE")
                || answer.code == "NOT_IN_QUEUE"
            if answer.status != 0 && !expected { outcome.otherErrors += 1 }
        }
        return outcome
    }

    /// Users whose enqueue was acknowledged (202) in `from..<to`.
    func acknowledged(from: ContinuousClock.Instant, to: ContinuousClock.Instant) -> [String] {
        acks.withLock { $0.filter { $0.at >= from && $0.at < to }.map(\.user) }
    }

    func failures(from: ContinuousClock.Instant, to: ContinuousClock.Instant) -> Failures {
        let failed = answers.withLock { $0.filter { $0.at >= from && $0.at < to && ($0.status >= 500 || $0.status == 0) } }
        let times = failed.map(\.at)
        let window = times.min().flatMap { first in times.max().map { $0 - first } }
        return Failures(count: failed.count, bad: failed.filter { !($0.status == 503 && $0.code == "UNAVAILABLE") }.count, window: window)
    }

    /// Enqueues, then polls until ISSUED or SOLD_OUT; a NOT_IN_QUEUE answer (its place was lost) enqueues again.
    private func user(_ name: String, minter: TokenMinter, deadline: ContinuousClock.Instant) async -> (String?, Int) {
        guard let token = try? await minter.token(user: name) else { return (nil, 0) }
        var notInQueue = 0
        var ticket: String?
        while ContinuousClock.now < deadline {
            guard let current = ticket else {
                let answer = await send("POST", "/enqueue", body: #"{"eventId":\#(eventId)}"#, bearer: token)
                if answer?.status == 202, let json = answer?.json, let t = json["ticket"] as? String {
                    acks.withLock { $0.append((name, .now)) }
                    ticket = t
                } else {
                    try? await Task.sleep(for: .milliseconds(200))
                }
                continue
            }
            let answer = await send("GET", "/rank?eventId=\(eventId)&userId=\(name)", bearer: current)
            guard let answer else {
                try? await Task.sleep(for: .milliseconds(200))
                continue
            }
            let status = answer.json["status"] as? String
            if status == "ISSUED" || status == "SOLD_OUT" { return (status, notInQueue) }
            if answer.errorCode == "NOT_IN_QUEUE" {
                notInQueue += 1
                ticket = nil
                continue
            }
            let after = (answer.json["pollAfterMs"] as? Int).map { min(max($0, 200), 1_000) } ?? 300
            try? await Task.sleep(for: .milliseconds(after))
        }
        return (nil, notInQueue)
    }

    private func send(_ method: String, _ path: String, body: String? = nil, bearer: String) async -> TestHTTP.Answer? {
        var headers = ["Authorization": "Bearer \(bearer)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        do {
            let answer = try await TestHTTP.request(method, base + path, body: body, headers: headers, timeout: 5)
            answers.withLock { $0.append(Answer(at: .now, status: answer.status, code: answer.errorCode)) }
            return answer
        } catch {
            answers.withLock { $0.append(Answer(at: .now, status: 0, code: nil)) }
            return nil
        }
    }
}
