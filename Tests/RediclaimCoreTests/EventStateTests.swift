import Foundation
import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct EventStateTests {
    /// Points in time around the fixture window [openAt, closeAt).
    enum Moment: Sendable, CaseIterable {
        case before, atOpen, middle, atClose, after

        var date: Date {
            switch self {
            case .before: Fixtures.openAt.addingTimeInterval(-0.001)
            case .atOpen: Fixtures.openAt
            case .middle: Fixtures.openAt.addingTimeInterval(3_600)
            case .atClose: Fixtures.closeAt
            case .after: Fixtures.closeAt.addingTimeInterval(86_400)
            }
        }
    }

    /// Every combination of clock position, budget (some / none), paused and closed flags.
    @Test(arguments: [
        (.before, 5, false, false, .scheduled),
        (.before, 5, false, true, .closed),
        (.before, 5, true, false, .scheduled),
        (.before, 5, true, true, .closed),
        (.before, 0, false, false, .scheduled),
        (.before, 0, false, true, .closed),
        (.before, 0, true, false, .scheduled),
        (.before, 0, true, true, .closed),
        (.atOpen, 5, false, false, .open),
        (.atOpen, 5, false, true, .closed),
        (.atOpen, 5, true, false, .paused),
        (.atOpen, 5, true, true, .closed),
        (.atOpen, 0, false, false, .soldOut),
        (.atOpen, 0, false, true, .closed),
        (.atOpen, 0, true, false, .soldOut),
        (.atOpen, 0, true, true, .closed),
        (.middle, 5, false, false, .open),
        (.middle, 5, false, true, .closed),
        (.middle, 5, true, false, .paused),
        (.middle, 5, true, true, .closed),
        (.middle, 0, false, false, .soldOut),
        (.middle, 0, false, true, .closed),
        (.middle, 0, true, false, .soldOut),
        (.middle, 0, true, true, .closed),
        (.atClose, 5, false, false, .closed),
        (.atClose, 5, false, true, .closed),
        (.atClose, 5, true, false, .closed),
        (.atClose, 5, true, true, .closed),
        (.atClose, 0, false, false, .closed),
        (.atClose, 0, false, true, .closed),
        (.atClose, 0, true, false, .closed),
        (.atClose, 0, true, true, .closed),
        (.after, 5, false, false, .closed),
        (.after, 5, false, true, .closed),
        (.after, 5, true, false, .closed),
        (.after, 5, true, true, .closed),
        (.after, 0, false, false, .closed),
        (.after, 0, false, true, .closed),
        (.after, 0, true, false, .closed),
        (.after, 0, true, true, .closed),
    ] as [(Moment, Int64, Bool, Bool, EventState)])
    func derivesEveryCombination(moment: Moment, budget: Int64, paused: Bool, closed: Bool, expected: EventState) {
        let runtime = EventRuntime(remainingBudget: budget, paused: paused, closed: closed)
        let state = EventState.derive(
            openAt: Fixtures.openAt, closeAt: Fixtures.closeAt, now: moment.date, runtime: runtime)
        #expect(state == expected)
    }

    /// Lifecycles step by step: each step is (now, released, paused, closed) -> state.
    @Test(arguments: [
        ("opens on time, sells out, closes", [
            (Moment.before, Int64(0), false, false, EventState.scheduled),
            (.atOpen, 0, false, false, .open),
            (.middle, 9, false, false, .open),
            (.middle, 10, false, false, .soldOut),
            (.atClose, 10, false, false, .closed),
        ]),
        ("paused and resumed", [
            (.middle, 3, false, false, .open),
            (.middle, 3, true, false, .paused),
            (.middle, 3, false, false, .open),
        ]),
        ("sells out while paused", [
            (.middle, 3, true, false, .paused),
            (.middle, 10, true, false, .soldOut),
        ]),
        ("admin close while open, paused or scheduled", [
            (.before, 0, false, true, .closed),
            (.middle, 5, false, true, .closed),
            (.middle, 5, true, true, .closed),
        ]),
        ("time close while paused", [
            (.middle, 5, true, false, .paused),
            (.atClose, 5, true, false, .closed),
        ]),
    ] as [(String, [(Moment, Int64, Bool, Bool, EventState)])])
    func lifecycles(name: String, steps: [(Moment, Int64, Bool, Bool, EventState)]) throws {
        let event = try Fixtures.event(stock: 10)
        for (moment, released, paused, closed, expected) in steps {
            let runtime = EventRuntime(stock: event.stock, released: released, paused: paused, closed: closed)
            #expect(event.state(at: moment.date, runtime: runtime) == expected, "\(name): \(moment)")
        }
    }

    @Test func wireNames() {
        #expect(EventState.allCases.map(\.rawValue) == ["SCHEDULED", "OPEN", "PAUSED", "SOLD_OUT", "CLOSED"])
    }
}
