import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct RediclaimErrorDecodingTests {
    @Test func namesJSONKinds() {
        let table: [(Any.Type, String)] = [
            (String.self, "a string"), (Bool.self, "true or false"), (Int.self, "an integer"),
            (Int64.self, "an integer"), (UInt8.self, "an integer"), (Double.self, "a number"), (Float.self, "a number"),
            ([String: Int].self, "an object"), ([Int].self, "an array"),
        ]
        for (type, name) in table {
            #expect(RediclaimError.describe(type) == name, "\(type)")
        }
    }

    @Test func pathsUseDotsAndIndexes() {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int?
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) {
                stringValue = "Index \(intValue)"
                self.intValue = intValue
            }
        }
        #expect(RediclaimError.path([]) == nil)
        #expect(RediclaimError.path([Key("coupon"), Key("percent")]) == "coupon.percent")
        #expect(RediclaimError.path([Key("items"), Key(intValue: 2)!, Key("id")]) == "items[2].id")
    }

    @Test func unwrapsARediclaimErrorTheDecoderWrapped() {
        let inner = RediclaimError(.invalidValue, field: "stock", message: "stock must be at least 1 (got 0)")
        let wrapped = DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "The given data was not valid YAML.", underlyingError: inner))
        #expect(RediclaimError(decodingError: wrapped) == inner)
    }

    @Test func otherUnderlyingErrorsStayDetail() {
        struct Other: Error {}
        let error = RediclaimError(
            decodingError: .dataCorrupted(.init(codingPath: [], debugDescription: "bad", underlyingError: Other())))
        #expect(error.code == .malformedJSON)
        #expect(error.field == nil)
        #expect(error.detail?.contains("bad") == true)
        #expect(error.message == "input is not valid JSON")
    }

    @Test func namesTheInputFormat() {
        let error = RediclaimError(
            decodingError: .dataCorrupted(.init(codingPath: [], debugDescription: "bad")), format: "YAML")
        #expect(error.message == "input is not valid YAML")
    }
}
