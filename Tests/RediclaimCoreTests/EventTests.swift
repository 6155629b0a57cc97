import Foundation
import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct EventTests {
    @Test func acceptsAValidEvent() throws {
        let event = try Fixtures.event()
        #expect(event.id == 1001)
        #expect(event.stock == 10_000)
        #expect(event.releaseRate == 500)
        #expect(event.coupon.kind == .percent)
    }

    @Test func acceptsTheBoundaries() throws {
        _ = try Fixtures.event(id: 1, name: String(repeating: "가", count: 200), stock: 1, releaseRate: 1)
        _ = try Fixtures.event(
            id: .max, stock: .max, closeAt: Fixtures.openAt.addingTimeInterval(0.001), releaseRate: 1_000_000)
    }

    @Test(arguments: [
        (EventCase(id: 0), "id", "id must be a positive integer (got 0)"),
        (EventCase(id: -7), "id", "id must be a positive integer (got -7)"),
        (EventCase(name: ""), "name", "name must not be empty"),
        (EventCase(name: "  \t"), "name", "name must not be empty"),
        (EventCase(name: String(repeating: "n", count: 201)), "name", "name is too long: 201 characters, at most 200 allowed"),
        (EventCase(stock: 0), "stock", "stock must be at least 1 (got 0)"),
        (EventCase(stock: -1), "stock", "stock must be at least 1 (got -1)"),
        (EventCase(closeAt: Fixtures.openAt), "closeAt",
         "closeAt (2025-01-01T00:00:00Z) must be after openAt (2025-01-01T00:00:00Z)"),
        (EventCase(closeAt: Fixtures.openAt.addingTimeInterval(-60)), "closeAt",
         "closeAt (2024-12-31T23:59:00Z) must be after openAt (2025-01-01T00:00:00Z)"),
        (EventCase(releaseRate: 0), "releaseRate", "releaseRate must be between 1 and 1000000 users per second (got 0)"),
        (EventCase(releaseRate: 1_000_001), "releaseRate",
         "releaseRate must be between 1 and 1000000 users per second (got 1000001)"),
    ])
    func rejectsBadEventsNamingTheField(input: EventCase, field: String, message: String) {
        #expect(throws: RediclaimError(.invalidValue, field: field, message: message)) {
            try Fixtures.event(
                id: input.id, name: input.name, stock: input.stock, closeAt: input.closeAt,
                releaseRate: input.releaseRate)
        }
    }

    @Test func stateDelegatesToTheOneDerivation() throws {
        let event = try Fixtures.event()
        let runtime = EventRuntime(stock: event.stock, released: 0)
        #expect(event.state(at: Fixtures.openAt.addingTimeInterval(-1), runtime: runtime) == .scheduled)
        #expect(event.state(at: Fixtures.openAt, runtime: runtime) == .open)
        #expect(event.state(at: Fixtures.closeAt, runtime: runtime) == .closed)
    }
}

/// One field changed from the valid fixture event.
struct EventCase: Sendable, CustomTestStringConvertible {
    var id: Int64 = 1001
    var name = "New Year 10%"
    var stock: Int64 = 10_000
    var closeAt = Fixtures.closeAt
    var releaseRate = 500

    var testDescription: String { "id \(id) name \(name.prefix(12)) stock \(stock) rate \(releaseRate)" }
}
