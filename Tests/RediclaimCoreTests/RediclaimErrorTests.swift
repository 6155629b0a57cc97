import Testing

@testable import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct RediclaimErrorTests {
    @Test func descriptionIsTheSafeMessageAndDebugHasEverything() {
        let error = RediclaimError(.invalidValue, field: "stock", message: "stock must be at least 1", detail: "raw")
        #expect(error.description == "stock must be at least 1")
        #expect(
            error.debugDescription
                == "RediclaimError(INVALID_VALUE, field: stock, message: stock must be at least 1, detail: raw)")
    }

    @Test func debugDescriptionOmitsAbsentParts() {
        let error = RediclaimError(.malformedJSON, field: nil, message: "input is not valid JSON")
        #expect(error.debugDescription == "RediclaimError(MALFORMED_JSON, message: input is not valid JSON)")
    }

    @Test(arguments: [
        ("abc", "\"abc\""),
        (String(repeating: "x", count: 40), "\"" + String(repeating: "x", count: 40) + "\""),
        (String(repeating: "y", count: 41), "\"" + String(repeating: "y", count: 40) + "…\""),
    ])
    func quoteCutsLongInput(input: String, expected: String) {
        #expect(RediclaimError.quote(input) == expected)
    }
}
