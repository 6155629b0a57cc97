import Foundation
import Testing

import RediclaimCore

@Suite(.timeLimit(.minutes(1))) struct IssueResultTests {
    static let goldenIssued =
        #"{"couponCode":"NASDUR-ZVSPYJ-2VGTZG","eventId":1001,"expiresAt":1736294400000,"issuedAt":1735689600000,"requestId":"1001:u-42","status":"ISSUED","userId":"u-42","v":1}"#
    static let goldenSoldOut = #"{"eventId":1001,"requestId":"1001:u-7","status":"SOLD_OUT","userId":"u-7","v":1}"#

    let codec = MessageCodec()

    @Test func issuedGoldenRoundTrips() throws {
        let result = try IssueResult.issued(
            requestId: "1001:u-42", eventId: 1001, userId: "u-42", couponCode: "NASDUR-ZVSPYJ-2VGTZG",
            expiresAt: 1_736_294_400_000, issuedAt: 1_735_689_600_000)
        #expect(String(decoding: codec.encode(result), as: UTF8.self) == Self.goldenIssued)
        let decoded = try codec.decode(IssueResult.self, from: Fixtures.json(Self.goldenIssued))
        #expect(decoded == result)
        #expect(decoded.status == .issued)
        #expect(decoded.status.userStatus == .issued)
        #expect(decoded.coupon?.code == "NASDUR-ZVSPYJ-2VGTZG")
        #expect(decoded.coupon?.expiresAt == 1_736_294_400_000)
        #expect(decoded.coupon?.issuedAt == 1_735_689_600_000)
        #expect(decoded.key == "1001:u-42")
        #expect(CouponCode.isValid(decoded.coupon?.code ?? ""))
    }

    @Test func soldOutGoldenRoundTrips() throws {
        let result = try IssueResult.soldOut(requestId: "1001:u-7", eventId: 1001, userId: "u-7")
        #expect(String(decoding: codec.encode(result), as: UTF8.self) == Self.goldenSoldOut)
        let decoded = try codec.decode(IssueResult.self, from: Array(Self.goldenSoldOut.utf8))
        #expect(decoded == result)
        #expect(decoded.status == .soldOut)
        #expect(decoded.status.userStatus == .soldOut)
        #expect(decoded.coupon == nil)
        #expect(decoded.outcome == .soldOut)
    }

    @Test func issuedAtIsOptional() throws {
        let json = Self.goldenIssued.replacingOccurrences(of: #""issuedAt":1735689600000,"#, with: "")
        let decoded = try codec.decode(IssueResult.self, from: Fixtures.json(json))
        #expect(decoded.coupon?.issuedAt == nil)
        #expect(String(decoding: codec.encode(decoded), as: UTF8.self) == json)
    }

    @Test(arguments: [
        (#"{"v":2,"status":"ISSUED"}"#, RediclaimError.Code.unsupportedVersion, "v",
         "unsupported IssueResult version 2: this build reads version 1"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"ISSUED","userId":"u","expiresAt":1}"#, .missingField,
         "couponCode", "missing field couponCode"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"ISSUED","userId":"u","couponCode":"C"}"#, .missingField,
         "expiresAt", "missing field expiresAt"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"ISSUED","userId":"u","couponCode":"","expiresAt":1}"#,
         .invalidValue, "couponCode", "couponCode must have 1 to 64 characters"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"ISSUED","userId":"u","couponCode":7,"expiresAt":1}"#,
         .wrongType, "couponCode", "couponCode must be a string"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"SOLD_OUT","userId":"u","couponCode":"C"}"#, .invalidValue,
         "couponCode", "couponCode is only allowed when status is ISSUED"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"SOLD_OUT","userId":"u","expiresAt":1}"#, .invalidValue,
         "expiresAt", "expiresAt is only allowed when status is ISSUED"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"PENDING","userId":"u"}"#, .invalidValue, "status",
         #"status must be ISSUED or SOLD_OUT (got "PENDING")"#),
        (#"{"v":1,"eventId":1,"requestId":"r","userId":"u"}"#, .missingField, "status", "missing field status"),
        (#"{"v":1,"eventId":-4,"requestId":"r","status":"SOLD_OUT","userId":"u"}"#, .invalidValue, "eventId",
         "eventId must be a positive integer (got -4)"),
        (#"{"v":1,"eventId":1,"requestId":"r","status":"SOLD_OUT","userId":""}"#, .invalidValue, "userId",
         "userId must not be empty"),
    ])
    func decodeErrorsSayWhatIsWrong(json: String, code: RediclaimError.Code, field: String, message: String) {
        let error = Fixtures.error { _ = try codec.decode(IssueResult.self, from: Fixtures.json(json)) }
        #expect(error?.code == code)
        #expect(error?.field == field)
        #expect(error?.message == message)
    }

    @Test func issuedFactoryValidates() {
        let error = Fixtures.error {
            _ = try IssueResult.issued(
                requestId: "r", eventId: 1, userId: "u", couponCode: "C", expiresAt: -1)
        }
        #expect(error?.field == "expiresAt")
    }

    @Test func statusWireNames() {
        #expect(IssueResult.Status.allCases.map(\.rawValue) == ["ISSUED", "SOLD_OUT"])
    }
}
