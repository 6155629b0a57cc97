import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct UserStatusTests {
    /// The full 5×5 matrix: from (row) -> to (column).
    @Test(arguments: [
        (UserStatus.preQueue, UserStatus.preQueue, UserStatus.Transition.noOp),
        (.preQueue, .waiting, .apply),  // placed at the open
        (.preQueue, .released, .forbidden),  // must be placed first
        (.preQueue, .issued, .forbidden),
        (.preQueue, .soldOut, .apply),  // closed before the open
        (.waiting, .preQueue, .forbidden),
        (.released, .preQueue, .forbidden),
        (.issued, .preQueue, .forbidden),
        (.soldOut, .preQueue, .forbidden),
        (.waiting, .waiting, .noOp),
        (.waiting, .released, .apply),
        (.waiting, .issued, .forbidden),  // must pass through RELEASED
        (.waiting, .soldOut, .apply),
        (.released, .waiting, .forbidden),  // never back into the queue
        (.released, .released, .noOp),
        (.released, .issued, .apply),
        (.released, .soldOut, .apply),
        (.issued, .waiting, .forbidden),
        (.issued, .released, .forbidden),
        (.issued, .issued, .noOp),
        (.issued, .soldOut, .forbidden),  // final
        (.soldOut, .waiting, .forbidden),
        (.soldOut, .released, .forbidden),
        (.soldOut, .issued, .forbidden),  // final
        (.soldOut, .soldOut, .noOp),
    ])
    func transitionMatrix(from: UserStatus, to: UserStatus, expected: UserStatus.Transition) {
        #expect(from.transition(to: to) == expected)
        #expect(from.canTransition(to: to) == (expected != .forbidden))
    }

    @Test func matrixCoversEveryPair() {
        #expect(UserStatus.allCases.count * UserStatus.allCases.count == 25)
    }

    @Test(arguments: [
        (UserStatus.preQueue, "PRE_QUEUE", false), (.waiting, "WAITING", false), (.released, "RELEASED", false), (.issued, "ISSUED", true),
        (.soldOut, "SOLD_OUT", true),
    ])
    func wireNamesAndFinality(status: UserStatus, name: String, isFinal: Bool) {
        #expect(status.rawValue == name)
        #expect(status.isFinal == isFinal)
    }
}
