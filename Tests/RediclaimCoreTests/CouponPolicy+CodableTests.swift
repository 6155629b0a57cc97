import Foundation
import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct CouponPolicyCodableTests {
    private func encode(_ policy: CouponPolicy) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(policy), as: UTF8.self)
    }

    @Test(arguments: [
        #"{"amount":3000,"minOrderAmount":10000,"type":"FIXED","validDays":30}"#,
        #"{"maxDiscount":5000,"minOrderAmount":20000,"percent":10,"type":"PERCENT","validDays":7}"#,
    ])
    func goldenJSONRoundTrips(json: String) throws {
        let policy = try JSONInput.decode(CouponPolicy.self, from: Fixtures.json(json))
        #expect(try encode(policy) == json)
    }

    @Test func decodesToTheRightValues() throws {
        let percent = try JSONInput.decode(
            CouponPolicy.self,
            from: Fixtures.json(#"{"type":"PERCENT","percent":10,"maxDiscount":5000,"minOrderAmount":20000,"validDays":7}"#))
        #expect(percent == (try CouponPolicy(discount: .percent(10, maxDiscount: 5_000), minOrderAmount: 20_000, validDays: 7)))
    }

    @Test func minOrderAmountDefaultsToZero() throws {
        let policy = try JSONInput.decode(
            CouponPolicy.self, from: Fixtures.json(#"{"type":"FIXED","amount":3000,"validDays":30}"#))
        #expect(policy.minOrderAmount == 0)
    }

    @Test(arguments: [
        (#"{"type":"BOGUS","amount":1,"validDays":1}"#, RediclaimError.Code.invalidValue, "coupon.type",
         #"coupon.type must be FIXED or PERCENT (got "BOGUS")"#),
        (#"{"type":"fixed","amount":1,"validDays":1}"#, .invalidValue, "coupon.type",
         #"coupon.type must be FIXED or PERCENT (got "fixed")"#),
        (#"{"type":"FIXED","amount":1,"percent":5,"validDays":1}"#, .invalidValue, "coupon.percent",
         "coupon.percent does not apply to a FIXED coupon"),
        (#"{"type":"FIXED","amount":1,"maxDiscount":5,"validDays":1}"#, .invalidValue, "coupon.maxDiscount",
         "coupon.maxDiscount does not apply to a FIXED coupon"),
        (#"{"type":"PERCENT","amount":1,"percent":5,"maxDiscount":5,"validDays":1}"#, .invalidValue, "coupon.amount",
         "coupon.amount does not apply to a PERCENT coupon"),
        (#"{"type":"PERCENT","percent":5,"validDays":1}"#, .missingField, "maxDiscount", "missing field maxDiscount"),
        (#"{"type":"FIXED","validDays":1}"#, .missingField, "amount", "missing field amount"),
        (#"{"amount":1,"validDays":1}"#, .missingField, "type", "missing field type"),
        (#"{"type":"FIXED","amount":1}"#, .missingField, "validDays", "missing field validDays"),
        (#"{"type":"FIXED","amount":"1","validDays":1}"#, .wrongType, "amount", "amount must be an integer"),
        (#"{"type":"FIXED","amount":1.5,"validDays":1}"#, .invalidValue, "amount",
         "amount must be an integer in range, without a fraction"),
        (#"{"type":"FIXED","amount":1e30,"validDays":1}"#, .invalidValue, "amount",
         "amount must be an integer in range, without a fraction"),
        (#"{"type":"PERCENT","percent":101,"maxDiscount":5,"validDays":1}"#, .invalidValue, "coupon.percent",
         "coupon.percent must be between 1 and 100 (got 101)"),
    ])
    func decodingErrorsNameTheField(json: String, code: RediclaimError.Code, field: String, message: String) {
        let error = Fixtures.error { _ = try JSONInput.decode(CouponPolicy.self, from: Fixtures.json(json)) }
        #expect(error?.code == code)
        #expect(error?.field == field)
        #expect(error?.message == message)
    }
}
