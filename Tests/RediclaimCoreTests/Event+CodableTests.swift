import Foundation
import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct EventCodableTests {
    static let golden = #"{"closeAt":"2025-01-01T02:00:00Z","coupon":{"maxDiscount":5000,"minOrderAmount":20000,"percent":10,"type":"PERCENT","validDays":7},"id":1001,"name":"New Year 10%","openAt":"2025-01-01T00:00:00Z","releaseRate":500,"stock":10000}"#

    private func encode(_ event: Event, dates: JSONEncoder.DateEncodingStrategy = .deferredToDate) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = dates
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    @Test func encodesStableCamelCaseJSON() throws {
        #expect(try encode(try Fixtures.event()) == Self.golden)
    }

    @Test func datesAreISO8601WhateverTheEncoderStrategy() throws {
        #expect(try encode(try Fixtures.event(), dates: .secondsSince1970) == Self.golden)
    }

    @Test func goldenJSONDecodesToTheFixture() throws {
        let event = try JSONInput.decode(Event.self, from: Fixtures.json(Self.golden))
        #expect(event == (try Fixtures.event()))
        #expect(try encode(event) == Self.golden)
    }

    @Test func acceptsOffsetsAndFractionsOnInput() throws {
        let json = #"{"id":7,"name":"n","stock":1,"openAt":"2025-01-01T09:00:00+09:00","closeAt":"2025-01-01T00:00:01.5Z","releaseRate":1,"coupon":{"type":"FIXED","amount":100,"validDays":1}}"#
        let event = try JSONInput.decode(Event.self, from: Fixtures.json(json))
        #expect(event.openAt == Fixtures.openAt)
        #expect(try encode(event).contains(#""closeAt":"2025-01-01T00:00:01.500Z""#))
    }

    @Test(arguments: [
        (#""stock":10000"#, #""stock":0"#, RediclaimError.Code.invalidValue, "stock"),
        (#""stock":10000"#, #""stock":"many""#, .wrongType, "stock"),
        (#","stock":10000"#, "", .missingField, "stock"),
        (#""percent":10"#, #""percent":10.5"#, .invalidValue, "coupon.percent"),
        (#""stock":10000"#, #""stock":99999999999999999999"#, .invalidValue, "stock"),
        (#""name":"New Year 10%""#, #""name":null"#, .missingField, "name"),
        (#""openAt":"2025-01-01T00:00:00Z""#, #""openAt":"2025-01-01""#, .invalidValue, "openAt"),
        (#""openAt":"2025-01-01T00:00:00Z""#, #""openAt":1735689600"#, .wrongType, "openAt"),
        (#""closeAt":"2025-01-01T02:00:00Z""#, #""closeAt":"2024-01-01T02:00:00Z""#, .invalidValue, "closeAt"),
        (#""percent":10"#, #""percent":0"#, .invalidValue, "coupon.percent"),
        (#""percent":10"#, #""percent":"10""#, .wrongType, "coupon.percent"),
        (#""validDays":7"#, #""validDays":0"#, .invalidValue, "coupon.validDays"),
        (#""id":1001"#, #""id":-1"#, .invalidValue, "id"),
        (#""releaseRate":500"#, #""releaseRate":0"#, .invalidValue, "releaseRate"),
    ])
    func decodingErrorsNameTheField(replace: String, with: String, code: RediclaimError.Code, field: String) throws {
        let json = Self.golden.replacingOccurrences(of: replace, with: with)
        try #require(json != Self.golden)
        let error = try #require(Fixtures.error { _ = try JSONInput.decode(Event.self, from: Fixtures.json(json)) })
        #expect(error.code == code)
        #expect(error.field == field)
        #expect(error.message.contains(field.split(separator: ".").last.map(String.init) ?? field))
    }

    @Test func badDateSaysWhatIsExpected() {
        let json = Self.golden.replacingOccurrences(of: "2025-01-01T00:00:00Z", with: "tomorrow")
        let error = Fixtures.error { _ = try JSONInput.decode(Event.self, from: Fixtures.json(json)) }
        #expect(error?.message == #"openAt must be an ISO-8601 timestamp such as 2025-01-01T09:00:00Z (got "tomorrow")"#)
    }
}
