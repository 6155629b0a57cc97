import NIOCore
import Testing

@testable import RediclaimLoad

@Suite("The load generator's HTTP response reader")
struct WireResponseTests {
    func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("two pipelined responses, split anywhere, come out whole and in order")
    func splitAnywhere() throws {
        let wire = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"status\":\"WAIT\"}"
            + "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}"
        for cut in 1..<wire.utf8.count {
            let bytes = Array(wire.utf8)
            var buffer = ByteBuffer(bytes: bytes[0..<cut])
            var answers: [WireResponse] = []
            while let r = try WireResponse.take(from: &buffer) { answers.append(r) }
            buffer.writeBytes(bytes[cut...])
            while let r = try WireResponse.take(from: &buffer) { answers.append(r) }
            #expect(answers.map(\.status) == [202, 503], "cut at \(cut)")
            #expect(answers.first?.body == Array(#"{"status":"WAIT"}"#.utf8))
            #expect(answers.last?.retryAfterSeconds == 3 && answers.last?.closes == true)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test("a malformed status line, a bad length or a chunked body is an error, not a hang")
    func malformed() {
        for text in [
            "HTTX/1.1 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
        ] {
            var b = buffer(text)
            #expect(throws: WireResponse.Failure.self, "\(text)") { _ = try WireResponse.take(from: &b) }
        }
        var huge = buffer("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 17_000))
        #expect(throws: WireResponse.Failure.self) { _ = try WireResponse.take(from: &huge) }
    }

    @Test("answer fields are found in the gate's bodies")
    func fields() {
        let waiting = AnswerFields(Array(#"{"status":"WAITING","eventId":1,"rank":12,"ticket":"v2.k1.x","pollAfterMs":750,"estimatedWaitSeconds":6}"#.utf8))
        #expect(waiting.status == "WAITING" && waiting.rank == 12 && waiting.ticket == "v2.k1.x")
        #expect(waiting.pollAfterMs == 750 && waiting.estimatedWaitSeconds == 6 && waiting.code == nil)
        let issued = AnswerFields(Array(#"{"status":"ISSUED","rank":0,"pollAfterMs":0,"coupon":{"code":"AB-12","expiresAt":"x"}}"#.utf8))
        #expect(issued.status == "ISSUED" && issued.code == "AB-12")
        let error = AnswerFields(Array(#"{"error":{"code":"RATE_LIMITED","message":"slow down"}}"#.utf8))
        #expect(error.code == "RATE_LIMITED" && error.status == nil)
    }
}
