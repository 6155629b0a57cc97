import Foundation
import HummingbirdTesting
import RediclaimGate
import Testing

@Suite("FIFO under concurrency", .timeLimit(.minutes(2)))
struct FIFOTests {
    @Test("10,000 concurrent enqueues: sequence numbers 1...10,000, each user's rank equals its sequence number")
    func tenThousand() async throws {
        let f = try await GateFixture()
        try await f.publish(stock: 100_000, paused: true)
        try await f.test { client async throws in
            let answers = try await withThrowingTaskGroup(of: (String, Int, Int).self) { group in
                for i in 0..<10_000 {
                    group.addTask {
                        let answer = try await client.enqueue("u\(i)")
                        let seq = Int(answer.string("ticket")?.split(separator: ".")[2] ?? "") ?? -1
                        return ("u\(i)", seq, answer.int("rank") ?? -1)
                    }
                }
                return try await group.reduce(into: [(String, Int, Int)]()) { $0.append($1) }
            }
            #expect(answers.map(\.1).sorted() == Array(1...10_000))
            // Ranks at enqueue time can only be at most the seq (nobody has left); now they must be equal.
            let sample = answers.filter { $0.1 % 250 == 0 }
            for (user, seq, rankAtEnqueue) in sample {
                #expect(rankAtEnqueue == seq, "\(user): rank \(rankAtEnqueue) at enqueue, seq \(seq)")
                let ticket = try #require(try await client.enqueue(user).string("ticket"))
                #expect(try await client.rank(user, ticket: ticket).int("rank") == seq)
            }
        }
    }
}
