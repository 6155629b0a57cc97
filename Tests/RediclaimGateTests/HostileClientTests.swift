import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RediclaimGate
import TestSupport
import Testing

@testable import RediclaimGate

/// What a hostile crowd sends, over real sockets to the public server as production runs it: slow
/// headers and bodies, huge headers, junk, floods of unique keys. Nothing may produce a 5xx or a crash,
/// and the gate keeps answering everyone else.
@Suite("A hostile crowd cannot tip the gate over (Redis)", .timeLimit(.minutes(3)))
struct HostileClientTests {
    static let live = ["gate.host=127.0.0.1", "gate.port=0", "gate.requestTimeoutSeconds=2", "gate.idleTimeoutSeconds=3"]

    /// The server still answers a normal request.
    static func healthy(_ port: Int) async throws {
        let probe = try await RawConnection.open(port: port)
        await probe.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(RawConnection.status(await probe.read().text) == 200)
    }

    @Test("slowloris: headers dribbling in are cut off after gate.requestTimeoutSeconds")
    func slowHeaders() async throws {
        let f = try await GateFixture(overrides: Self.live)
        try await f.live { port in
            let slow = try await RawConnection.open(port: port)
            await slow.send("POST /enqueue HTTP/1.1\r\nHost: x\r\n")
            let started = ContinuousClock.now
            var closed = false
            // One byte a second keeps the connection busy but never finishes the headers.
            for _ in 0..<8 where !closed {
                if await slow.send("X") {
                    closed = await slow.waitForClose(within: .seconds(1))
                } else {
                    closed = true
                }
            }
            #expect(closed)
            #expect(ContinuousClock.now - started < .seconds(5))
            try await Self.healthy(port)
        }
    }

    @Test("a body that stops halfway is cut off after gate.requestTimeoutSeconds")
    func slowBody() async throws {
        let f = try await GateFixture(overrides: Self.live)
        try await f.publish()
        try await f.live { port in
            let slow = try await RawConnection.open(port: port)
            await slow.send("POST /enqueue HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"eventId\"")
            #expect(await slow.waitForClose(within: .seconds(5)))
            try await Self.healthy(port)
        }
    }

    @Test("an idle keep-alive connection is closed after gate.idleTimeoutSeconds")
    func idle() async throws {
        let f = try await GateFixture(overrides: Self.live)
        try await f.live { port in
            let client = try await RawConnection.open(port: port)
            await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(RawConnection.status(await client.read().text) == 200)
            #expect(await client.waitForClose(within: .seconds(6)))
        }
    }

    @Test("100 KB of headers is refused without a 5xx, and the gate keeps answering")
    func hugeHeaders() async throws {
        let f = try await GateFixture(overrides: Self.live)
        try await f.live { port in
            let client = try await RawConnection.open(port: port)
            await client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Junk: " + String(repeating: "a", count: 100_000) + "\r\n\r\n")
            let answer = await client.read()
            if let status = RawConnection.status(answer.text) {
                #expect((400..<500).contains(status), "\(answer.text.prefix(200))")
            } else {
                #expect(answer.closed, "neither an answer nor a close: \(answer.text.prefix(200))")
            }
            try await Self.healthy(port)
        }
    }

    @Test("junk on the wire gets a 4xx or a close, never a 5xx", arguments: [
        "GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "POST /enqueue HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n",
        "GET /\u{0}\u{1} HTTP/1.1\r\n\r\n", "\r\n\r\n\r\n",
    ])
    func junk(request: String) async throws {
        let f = try await GateFixture(overrides: Self.live)
        try await f.live { port in
            let client = try await RawConnection.open(port: port)
            await client.send(request)
            let answer = await client.read()
            if let status = RawConnection.status(answer.text) {
                #expect(status < 500, "\(answer.text.prefix(200))")
            }
            try await Self.healthy(port)
        }
    }

    @Test("a POST that is not JSON is 415 (no cross-site form can enqueue); duplicate keys are 400", arguments: [
        (String?.none, 415), ("text/plain", 415), ("application/x-www-form-urlencoded", 415), ("multipart/form-data; boundary=x", 415),
        ("application/json; charset=utf-8", 202), ("Application/JSON", 202),
    ])
    func contentTypes(type: String?, status: Int) async throws {
        let f = try await GateFixture()
        try await f.publish()
        try await f.test { client async throws in
            var headers: HTTPFields = [:]
            if let type { headers[.contentType] = type }
            let answer = try await client.execute(
                uri: "/enqueue", method: .post, headers: headers, body: ByteBuffer(string: #"{"eventId":1001,"userId":"u-1"}"#)
            ) { $0.status.code }
            #expect(Int(answer) == status)
            let duplicate = try await client.call(.post, "/enqueue", body: #"{"eventId":1001,"userId":"u-1","userId":"u-2"}"#)
            #expect(duplicate.status == 400)
            #expect(duplicate.errorCode == "INVALID_REQUEST")
            #expect(duplicate.errorMessage == #"key "userId" appears more than once"#)
        }
    }

    @Test("past gate.maxConnections new connections wait, and are served once one closes")
    func connectionCap() async throws {
        let f = try await GateFixture(overrides: [
            "gate.host=127.0.0.1", "gate.port=0", "gate.maxConnections=16", "gate.requestTimeoutSeconds=60", "gate.idleTimeoutSeconds=60",
        ])
        try await f.live { port in
            var held: [RawConnection] = []
            for _ in 0..<16 {
                let connection = try await RawConnection.open(port: port)
                await connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(RawConnection.status(await connection.read().text) == 200)
                held.append(connection)
            }
            let waiting = try await RawConnection.open(port: port, timeout: .milliseconds(800))
            await waiting.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await waiting.read().text.isEmpty, "served beyond the cap")
            held.removeFirst().shutdown()
            waiting.setTimeout(.seconds(5))
            #expect(RawConnection.status(await waiting.read().text) == 200)
            for connection in held { connection.shutdown() }
        }
    }

    @Test("rate-limit tables stay bounded: unknown events cost no bucket, 200,000 unique keys at most maxKeys")
    func boundedTables() async throws {
        let f = try await GateFixture(overrides: ["gate.rateLimit.userPerSecond=5", "gate.rateLimit.maxKeys=1000"])
        try await f.publish()
        try await f.test { client async throws in
            for i in 0..<500 {
                #expect(try await client.enqueue("ghost-\(i)", event: 424_242).status == 404)
            }
            #expect(f.gate.userLimiter.count == 0, "made-up events filled the user table")
        }
        let limiter = RateLimiter(rate: 5, burst: 10, maxKeys: 1_000)
        for i in 0..<200_000 { _ = limiter.check("user-\(i)", now: Double(i) / 1_000) }
        #expect(limiter.count <= 1_000)
        #expect(limiter.count >= 800)
        #expect(limiter.sweep(now: 1_000_000) == 0)
    }

    @Test("enqueuing as someone cannot lock them out of /rank: the buckets are separate")
    func separateBuckets() async throws {
        let f = try await GateFixture(overrides: ["gate.rateLimit.userPerSecond=1", "gate.rateLimit.userBurst=2"])
        try await f.publish()
        try await f.test { client async throws in
            let ticket = try #require(try await client.enqueue("victim").string("ticket"))
            var limited = 0
            for _ in 0..<10 where try await client.enqueue("victim").status == 429 { limited += 1 }
            #expect(limited > 0)
            for _ in 0..<5 { #expect(try await client.rank("victim", ticket: ticket).status == 200) }
        }
    }

    @Test("no CORS header unless gate.cors.allowedOrigins says so; then only for those origins")
    func cors() async throws {
        let closed = try await GateFixture()
        try await closed.test { client async throws in
            let answer = try await client.call(.get, "/healthz", headers: [.origin: "https://evil.example"])
            #expect(answer.headers[.accessControlAllowOrigin] == nil)
        }
        let open = try await GateFixture(overrides: ["gate.cors.allowedOrigins=https://shop.example"])
        try await open.test { client async throws in
            let preflight = try await client.call(
                .options, "/enqueue", headers: [.origin: "https://shop.example", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == 204)
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://shop.example")
            let other = try await client.call(.get, "/healthz", headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let allowed = try await client.call(.get, "/healthz", headers: [.origin: "https://shop.example"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://shop.example")
        }
    }
}

@Suite("Client addresses behind proxies (no servers)")
struct ClientAddressTests {
    func address(_ text: String) -> [UInt8] { CIDR.bytes(of: text)! }

    @Test("X-Forwarded-For and Forwarded are believed only from trusted proxies; IPv6 is keyed per /64")
    func forwarded() throws {
        let none = ClientAddress(trusted: try TrustedNetworks([], key: "k"))
        let proxies = ClientAddress(trusted: try TrustedNetworks(["10.0.0.0/8", "fd00::/8"], key: "k"))
        let spoofed: HTTPFields = [.xForwardedFor: "1.2.3.4"]
        #expect(none.key(peer: address("203.0.113.9"), headers: spoofed) == "203.0.113.9")
        #expect(proxies.key(peer: address("203.0.113.9"), headers: spoofed) == "203.0.113.9")
        #expect(proxies.key(peer: address("10.1.1.1"), headers: [.xForwardedFor: "198.51.100.7, 10.2.2.2"]) == "198.51.100.7")
        // A client cannot hide behind a fake entry to the left of the real one.
        #expect(proxies.key(peer: address("10.1.1.1"), headers: [.xForwardedFor: "1.1.1.1, 198.51.100.7"]) == "198.51.100.7")
        #expect(proxies.key(peer: address("10.1.1.1"), headers: [.forwarded: #"for=198.51.100.8;proto=https, for="[fd00::1]""#]) == "198.51.100.8")
        #expect(none.key(peer: address("2001:db8:1:2:3:4:5:6"), headers: [:]) == none.key(peer: address("2001:db8:1:2:ffff::1"), headers: [:]))
        #expect(none.key(peer: address("2001:db8:1:2::1"), headers: [:]) != none.key(peer: address("2001:db8:1:3::1"), headers: [:]))
        #expect(none.key(peer: address("::ffff:192.0.2.1"), headers: [:]) == "192.0.2.1")
    }

    @Test("CIDRs parse strictly and match by prefix")
    func cidrs() {
        #expect(CIDR("10.0.0.0/8")?.contains(address("10.255.1.2")) == true)
        #expect(CIDR("10.0.0.0/8")?.contains(address("11.0.0.1")) == false)
        #expect(CIDR("::1")?.contains(address("::1")) == true)
        for bad in ["10.0.0.0/33", "10.0.0.0/08", "nonsense", "10.0.0/8", ""] { #expect(CIDR(bad) == nil, "\(bad)") }
    }
}
