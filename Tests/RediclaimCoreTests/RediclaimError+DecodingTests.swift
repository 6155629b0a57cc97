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
}
