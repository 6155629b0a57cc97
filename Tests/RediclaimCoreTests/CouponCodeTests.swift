import Foundation
import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct CouponCodeTests {
    /// Always returns 2^56, which `next(upperBound: 31)` maps to 0 (the first symbol) without
    /// rejection (a constant 0 would be rejected forever).
    struct FirstSymbolGenerator: RandomNumberGenerator {
        mutating func next() -> UInt64 { 1 << 56 }
    }

    static func samples(_ count: Int, seed: UInt64 = 42) -> [CouponCode] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in CouponCode.generate(using: &generator) }
    }

    @Test func alphabetHasNoLookAlikesAndPrimeSize() {
        let alphabet = CouponCode.alphabet
        #expect(alphabet.count == 31)
        #expect(Set(alphabet).count == alphabet.count)
        for lookAlike in "0O1IL" { #expect(!alphabet.contains(lookAlike)) }
        #expect(alphabet.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) })
    }

    @Test func carriesAtLeast80RandomBits() {
        let bits = Double(CouponCode.randomLength) * log2(Double(CouponCode.alphabet.count))
        #expect(bits >= 80)
        #expect(CouponCode.length == 18)
    }

    @Test func generatedCodesHaveTheGroupedShapeAndValidate() throws {
        let pattern = try Regex("^[2-9A-HJKMNP-Z]{6}-[2-9A-HJKMNP-Z]{6}-[2-9A-HJKMNP-Z]{6}$")
        for code in Self.samples(500) + (0..<500).map({ _ in CouponCode.generate() }) {
            #expect(code.formatted.wholeMatch(of: pattern) != nil, "\(code)")
            #expect(code.compact.count == 18)
            #expect(code.description == code.formatted)
            #expect(try CouponCode(validating: code.formatted) == code)
        }
    }

    @Test func usesTheInjectedGenerator() {
        var first = FirstSymbolGenerator()
        #expect(CouponCode.generate(using: &first).formatted == "222222-222222-222222")
        #expect(Self.samples(20, seed: 7) == Self.samples(20, seed: 7))
        #expect(Self.samples(20, seed: 7) != Self.samples(20, seed: 8))
    }

    @Test func systemGeneratorDoesNotRepeat() {
        let codes = (0..<50_000).map { _ in CouponCode.generate().compact }
        #expect(Set(codes).count == codes.count)
    }

    /// Every symbol is about equally likely at every random position (no modulo bias).
    @Test func symbolsAreUniform() {
        var counts = [Character: Int]()
        let codes = (0..<20_000).map { _ in CouponCode.generate() }
        for code in codes {
            for character in code.compact.prefix(CouponCode.randomLength) { counts[character, default: 0] += 1 }
        }
        let expected = Double(codes.count * CouponCode.randomLength) / Double(CouponCode.alphabet.count)
        #expect(counts.count == CouponCode.alphabet.count)
        for (character, count) in counts {
            // ±5% is about 5 standard deviations here.
            #expect(abs(Double(count) - expected) < expected * 0.05, "\(character): \(count) vs \(expected)")
        }
    }

    /// Exhaustive over samples: every single-symbol substitution and every transposition is rejected.
    @Test func detectsEverySubstitutionAndTransposition() {
        var substitutions = 0
        var transpositions = 0
        var missed: [String] = []
        for code in Self.samples(300) {
            let symbols = Array(code.compact)
            for position in symbols.indices {
                for replacement in CouponCode.alphabet where replacement != symbols[position] {
                    var typo = symbols
                    typo[position] = replacement
                    if CouponCode.isValid(String(typo)) { missed.append(String(typo)) }
                    substitutions += 1
                }
                for other in symbols.indices where other > position && symbols[other] != symbols[position] {
                    var typo = symbols
                    typo.swapAt(position, other)
                    if CouponCode.isValid(String(typo)) { missed.append(String(typo)) }
                    transpositions += 1
                }
            }
        }
        #expect(missed.isEmpty, "typos accepted: \(missed.prefix(10))")
        #expect(substitutions == 300 * 18 * 30)
        #expect(transpositions > 300 * 17 * 8)
    }

    @Test(arguments: [
        ("K7MQ2D-XH4PRT-9WZNC5", "K7MQ2DXH4PRT9WZNC5"),
        ("k7mq2d-xh4prt-9wznc5", "K7MQ2DXH4PRT9WZNC5"),
        (" k7mq 2dxh-4prt9wz nc5\t", "K7MQ2DXH4PRT9WZNC5"),
        ("--", ""),
        ("", ""),
    ])
    func normalizeUppercasesAndDropsSeparators(input: String, normalized: String) {
        #expect(CouponCode.normalize(input) == normalized)
    }

    @Test func acceptsAnyCaseAndSeparators() throws {
        let code = Self.samples(1)[0]
        // Lowercase, with " -" after every fifth symbol.
        let sloppy = code.compact.lowercased().enumerated()
            .map { $0.offset % 5 == 4 ? "\($0.element) -" : "\($0.element)" }
            .joined()
        #expect(try CouponCode(validating: sloppy) == code)
        #expect(CouponCode.isValid(code.compact))
        #expect(try CouponCode.validate(code.formatted.lowercased()) == code)
    }

    @Test func documentedExampleIsValid() throws {
        let code = try CouponCode.validate("NASDUR-ZVSPYJ-2VGTZG")
        #expect(code.compact == "NASDURZVSPYJ2VGTZG")
        #expect(code.formatted == "NASDUR-ZVSPYJ-2VGTZG")
    }

    @Test(arguments: [
        ("", "coupon code must not be empty"),
        (" - ", "coupon code must not be empty"),
        ("222222-222222-22222", "coupon code must have 18 characters (got 17)"),
        ("222222-222222-2222222", "coupon code must have 18 characters (got 19)"),
        ("222222-222222-22222O", "coupon code contains 'O', which codes never use"),
        ("222222-222222-222220", "coupon code contains '0', which codes never use"),
        ("222222-222222-22222I", "coupon code contains 'I', which codes never use"),
        ("222222-222222-222221", "coupon code contains '1', which codes never use"),
        ("222222-222222-22222l", "coupon code contains 'L', which codes never use"),
        ("222222-222222-22222é", "coupon code contains U+00C9, which codes never use"),
        ("222222-222222-22222_", "coupon code contains '_', which codes never use"),
        ("222222-222222-222223", "coupon code is not valid (check character mismatch: probably a typo)"),
    ])
    func rejectionsSayWhatIsWrong(input: String, message: String) {
        #expect(throws: RediclaimError(.invalidValue, field: "couponCode", message: message)) {
            try CouponCode(validating: input)
        }
    }

    @Test func codableUsesTheFormattedString() throws {
        let code = Self.samples(1)[0]
        let data = try JSONEncoder().encode([code])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(code.formatted)\"]")
        #expect(try JSONDecoder().decode([CouponCode].self, from: data) == [code])
        let bad = Fixtures.json(#"["222222-222222-222223"]"#)
        #expect(Fixtures.error { _ = try JSONDecoder().decode([CouponCode].self, from: bad) }?.field == "couponCode")
    }
}
