/// The check symbol of a coupon code: a weighted sum modulo 31 (ISBN-10 style).
///
/// Position i of n carries weight n - i (n...1, all distinct and non-zero mod 31 while n <= 30), and a
/// valid code has Σ weight·value ≡ 0 (mod 31). Since 31 is prime:
/// - one wrong symbol changes the sum by weight·(difference), never 0 mod 31;
/// - swapping two different symbols changes it by (weight difference)·(value difference), never 0.
/// So every single-symbol error and every transposition (adjacent or not) is caught; Luhn mod N
/// misses one transposition pair.
enum CouponChecksum {
    static let modulus = 31

    /// The check value that makes `values` + [check] valid; `values` has the random symbols only.
    static func checkValue(for values: [Int]) -> Int {
        let count = values.count + 1
        var sum = 0
        for (index, value) in values.enumerated() {
            sum += (count - index) * value
        }
        // The check symbol sits last with weight 1.
        return (modulus - sum % modulus) % modulus
    }

    static func isValid(_ values: [Int]) -> Bool {
        var sum = 0
        for (index, value) in values.enumerated() {
            sum += (values.count - index) * value
        }
        return sum % modulus == 0
    }
}
