import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct CouponChecksumTests {
    @Test(arguments: [
        ([Int](repeating: 0, count: 17), 0),
        ([1] + [Int](repeating: 0, count: 16), 13),  // weight 18: 18 + 13 = 31
        ([Int](repeating: 0, count: 16) + [1], 29),  // weight 2: 2 + 29 = 31
        ([Int](repeating: 30, count: 17), 15),  // 30 × 170 = 5100 ≡ 16 (mod 31); 16 + 15 = 31
    ])
    func checkValueMakesTheWeightedSumZero(values: [Int], check: Int) {
        #expect(CouponChecksum.checkValue(for: values) == check)
        #expect(CouponChecksum.isValid(values + [check]))
        #expect(!CouponChecksum.isValid(values + [(check + 1) % 31]))
    }

    @Test func checkValueIsAlwaysASymbol() {
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<10_000 {
            let values = (0..<17).map { _ in Int(generator.next(upperBound: UInt64(31))) }
            #expect((0..<31).contains(CouponChecksum.checkValue(for: values)))
        }
    }
}
