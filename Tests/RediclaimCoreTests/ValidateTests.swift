import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct ValidateTests {
    @Test(arguments: [
        "u", "u-42", "user.name_1:abc@example.com", "A-Z.a-z_0-9:@", String(repeating: "x", count: 64),
    ])
    func acceptsValidUserIds(userId: String) throws {
        try Validate.userId(userId)
    }

    @Test(arguments: [
        ("", "userId must not be empty"),
        (String(repeating: "x", count: 65), "userId is too long: 65 characters, at most 64 allowed"),
        ("u 42", "userId contains a space at position 2; allowed are letters A-Z a-z, digits 0-9 and . _ : @ -"),
        ("u/42", "userId contains '/' at position 2; allowed are letters A-Z a-z, digits 0-9 and . _ : @ -"),
        ("é", "userId contains U+00E9 at position 1; allowed are letters A-Z a-z, digits 0-9 and . _ : @ -"),
        ("ab\n", "userId contains U+000A at position 3; allowed are letters A-Z a-z, digits 0-9 and . _ : @ -"),
        ("a{b}", "userId contains '{' at position 2; allowed are letters A-Z a-z, digits 0-9 and . _ : @ -"),
        ("😀", "userId contains U+1F600 at position 1; allowed are letters A-Z a-z, digits 0-9 and . _ : @ -"),
    ])
    func rejectsBadUserIdsSayingWhy(userId: String, message: String) {
        #expect(throws: RediclaimError(.invalidValue, field: "userId", message: message)) {
            try Validate.userId(userId)
        }
    }

    @Test func userIdErrorUsesTheGivenFieldName() {
        #expect(throws: RediclaimError(.invalidValue, field: "body.user", message: "body.user must not be empty")) {
            try Validate.userId("", field: "body.user")
        }
    }

    @Test func everyAsciiCharacterIsClassified() throws {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-")
        for value in UInt8(0)...127 {
            let character = Character(Unicode.Scalar(value))
            let accepted = (try? Validate.userId("a\(character)")) != nil
            #expect(accepted == allowed.contains(character), "character \(value)")
        }
    }

    @Test(arguments: [Int64(1), 1001, .max])
    func acceptsPositiveEventIds(id: Int64) throws {
        try Validate.eventId(id)
    }

    @Test(arguments: [Int64(0), -1, .min])
    func rejectsNonPositiveEventIds(id: Int64) {
        let expected = RediclaimError(
            .invalidValue, field: "eventId", message: "eventId must be a positive integer (got \(id))")
        #expect(throws: expected) {
            try Validate.eventId(id)
        }
    }

    @Test(arguments: [("1001", Int64(1001)), ("9223372036854775807", .max)])
    func parsesEventIds(text: String, id: Int64) throws {
        #expect(try Validate.eventId(parsing: text) == id)
    }

    @Test(arguments: ["", "abc", "12x", "1.5", " 1", "9223372036854775808", "0", "-5"])
    func rejectsUnparsableEventIds(text: String) {
        let error = Fixtures.error { _ = try Validate.eventId(parsing: text) }
        #expect(error?.field == "eventId")
        #expect(error?.code == .invalidValue)
    }
}
