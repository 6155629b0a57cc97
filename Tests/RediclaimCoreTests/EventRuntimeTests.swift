import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct EventRuntimeTests {
    @Test(arguments: [
        (Int64(100), Int64(0), Int64(100)),
        (100, 99, 1),
        (100, 100, 0),
        (100, 101, 0),  // over-release never reads as negative budget
        (.max, .min, 0),  // overflow reads as no budget, never a crash
        (1, -5, 6),
    ])
    func budgetIsStockMinusReleased(stock: Int64, released: Int64, budget: Int64) {
        #expect(EventRuntime(stock: stock, released: released).remainingBudget == budget)
    }

    @Test func negativeBudgetIsClampedAndFlagsDefaultOff() {
        let runtime = EventRuntime(remainingBudget: -3)
        #expect(runtime.remainingBudget == 0)
        #expect(!runtime.paused)
        #expect(!runtime.closed)
    }
}
