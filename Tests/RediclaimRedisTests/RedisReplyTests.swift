import Testing

@testable import RediclaimRedis

@Suite("RedisReply decoding and accessors")
struct RedisReplyTests {
    @Test func decodesEveryReplyKind() throws {
        let wire = "+OK\r\n:42\r\n$3\r\nfoo\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:-1\r\n-ERR bad thing\r\n*-1\r\n$0\r\n\r\n*0\r\n"
        let replies = try RedisReply.parse(resp: Array(wire.utf8))
        #expect(replies == [
            .status("OK"), .integer(42), .bulk(Array("foo".utf8)), .null,
            .array([.bulk([0x61]), .array([.integer(-1)])]), .error("ERR bad thing"), .null, .bulk([]), .array([]),
        ])
    }

    @Test func decodesBinaryBulkStrings() throws {
        let payload: [UInt8] = [0, 0xFF, 0xC3, 0x28, 13, 10, 0]
        let wire = Array("$7\r\n".utf8) + payload + Array("\r\n".utf8)
        let replies = try RedisReply.parse(resp: wire)
        #expect(replies == [.bulk(payload)])
        #expect(replies[0].string == nil)  // not UTF-8
        #expect(replies[0].bytes == payload)
    }

    @Test func incompleteInputYieldsNothingYet() throws {
        #expect(try RedisReply.parse(resp: Array("$5\r\nhel".utf8)) == [])
    }

    @Test func rejectsInvalidRESP() {
        do {
            _ = try RedisReply.parse(resp: Array("?what\r\n".utf8))
            Issue.record("invalid RESP was accepted")
        } catch {
            #expect(error.code == .protocolError)
        }
    }

    @Test func accessors() {
        #expect(RedisReply.integer(7).int == 7)
        #expect(RedisReply.bulk(Array("12".utf8)).int == 12)
        #expect(RedisReply.bulk(Array("x".utf8)).int == nil)
        #expect(RedisReply.status("PONG").string == "PONG")
        #expect(RedisReply.bulk(Array("héllo".utf8)).string == "héllo")
        #expect(RedisReply.bulk(Array("2.5".utf8)).double == 2.5)
        #expect(RedisReply.null.isNull)
        #expect(!RedisReply.bulk([]).isNull)
        #expect(RedisReply.array([.null]).array == [.null])
        #expect(RedisReply.integer(1).array == nil)
        #expect(RedisReply.error("WRONGTYPE x").errorMessage == "WRONGTYPE x")
        #expect(RedisReply.error("ERR").string == nil)
    }

    @Test func serverErrorsKeepTheServerTextOutOfTheSafeMessage() {
        let error = RedisError.server("WRONGTYPE Operation against a key holding the wrong kind of value")
        #expect(error.code == .serverError)
        #expect(error.serverErrorPrefix == "WRONGTYPE")
        #expect(error.message == "Redis answered an error (WRONGTYPE)")
        #expect(!error.description.contains("Operation against"))
        #expect(error.debugDescription.contains("WRONGTYPE Operation against a key"))
        #expect(RedisError.server("OOM command not allowed when used memory > 'maxmemory'.").isUnavailable)
        #expect(RedisError.server("READONLY You can't write against a read only replica.").isUnavailable)
        #expect(!error.isUnavailable)
        #expect(RedisError.server("user 'secret' said no").message == "Redis answered an error (ERR)")
        #expect(RedisError.server("NOAUTH Authentication required.").code == .authenticationFailed)
    }
}
