import Foundation
import HTTPTypes
import HummingbirdTesting
import RediclaimConfig
import RediclaimStore
import TestSupport
import Testing

@testable import RediclaimGate

@Suite("Waiting-room page routes", .timeLimit(.minutes(2)))
struct PageRoutesTests {
    static let strictCSP =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    @Test("GET /wait/{id} is HTML with a strict CSP, the event's name, clock and no-store")
    func page() async throws {
        let f = try await GateFixture()
        try await f.publish(id: 1001, openIn: 120, preQueue: 30)
        try await f.test { client in
            let page = try await client.page("/wait/1001")
            #expect(page.status == 200)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy] == Self.strictCSP)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[.xFrameOptions] == "DENY")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.vary] == "Accept-Language")
            #expect(page.data("page") == "wait")
            #expect(page.data("event-id") == "1001")
            #expect(page.data("pre-queue-seconds") == "30")
            #expect(page.data("dev-sign-in") == "0")
            let openAt = try #require(page.data("open-at").flatMap(Int64.init))
            let now = try #require(page.data("now").flatMap(Int64.init))
            #expect((119_000...121_000).contains(openAt - now))
            // No inline script or style anywhere: the CSP would block them, so the page must not need them.
            #expect(!page.text.contains("<script>") && !page.text.contains("style=") && !page.text.contains("<style"))
            #expect(page.text.contains(#"<script src="/wait/assets/app.js?v="#))
        }
    }

    @Test("an unknown or malformed event is a 404 page for people, not a blank one")
    func unknownEvent() async throws {
        let f = try await GateFixture()
        try await f.test { client in
            for uri in ["/wait/999999", "/wait/abc", "/wait/0", "/wait/-5"] {
                let page = try await client.page(uri)
                #expect(page.status == 404, "\(uri)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.headers[.contentSecurityPolicy] == Self.strictCSP)
                #expect(page.data("page") == "missing")
                #expect(page.text.contains("There is no such sale"))
            }
        }
    }

    @Test("the language comes from ?lang=, then Accept-Language by q-value, else English")
    func language() async throws {
        let f = try await GateFixture()
        try await f.publish(id: 1001)
        try await f.test { client in
            let cases: [(String, String?, String)] = [
                ("/wait/1001", nil, "en"), ("/wait/1001", "ko-KR,ko;q=0.9,en-US;q=0.8", "ko"),
                ("/wait/1001", "en-US,en;q=0.9,ko;q=0.8", "en"), ("/wait/1001", "fr-FR, ko;q=0.5", "ko"),
                ("/wait/1001", "fr, de", "en"), ("/wait/1001?lang=en", "ko", "en"), ("/wait/1001?lang=ko", "en", "ko"),
            ]
            for (uri, accept, expected) in cases {
                var headers: HTTPFields = [:]
                if let accept { headers[.acceptLanguage] = accept }
                let page = try await client.page(uri, headers: headers)
                #expect(page.text.contains(#"<html lang="\#(expected)">"#), "\(uri) \(accept ?? "-")")
                #expect(page.data("lang") == expected)
            }
            let korean = try await client.page("/wait/1001", headers: [.acceptLanguage: "ko"])
            #expect(korean.text.contains("대기 순서를 확인하는 중"))
            #expect(korean.text.contains(">English</button>"))
        }
    }

    @Test("the files are served with their content types; a versioned URL may be cached for a year")
    func assets() async throws {
        let f = try await GateFixture()
        try await f.test { client in
            let version = try PageAssets.bundled.get().version
            let expected = [
                "app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8",
                "en.json": "application/json; charset=utf-8", "ko.json": "application/json; charset=utf-8",
            ]
            for (name, type) in expected {
                let file = try await client.page("/wait/assets/\(name)?v=\(version)")
                #expect(file.status == 200)
                #expect(file.headers[.contentType] == type, "\(name)")
                #expect(file.headers[.xContentTypeOptions] == "nosniff")
                #expect(file.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            #expect(try await client.page("/wait/assets/app.js?v=old").headers[.cacheControl] == "public, max-age=300")
            let missing = try await client.call(.get, "/wait/assets/secret.txt")
            #expect(missing.status == 404 && missing.errorCode == "NOT_FOUND")
            #expect(try await client.call(.get, "/wait/assets/..%2FPackage.swift").status == 404)
            #expect(try await client.call(.post, "/wait/1001", body: "{}").status == 405)
        }
    }

    @Test("both text files have the same keys, and the page's JavaScript uses no key they lack")
    func textFiles() throws {
        let assets = try PageAssets.bundled.get()
        let english = Set(try #require(assets.texts[.en]).keys)
        let korean = Set(try #require(assets.texts[.ko]).keys)
        #expect(english == korean)
        let script = String(decoding: try #require(assets.files["app.js"]).bytes, as: UTF8.self)
        let used = try Regex(#"[^A-Za-z]t\("([A-Za-z]+)""#)
        var keys = Set<String>()
        for match in script.matches(of: used) { if let key = match.output[1].substring { keys.insert(String(key)) } }
        #expect(!keys.isEmpty)
        #expect(keys.subtracting(english).isEmpty, "keys the page uses but the text files lack: \(keys.subtracting(english))")
    }

    @Test("/ redirects to the one live event and lists several")
    func index() async throws {
        let f = try await GateFixture()
        try await f.publish(id: 1001)
        try await f.test { client in
            let one = try await client.page("/")
            #expect(one.status == 303)
            #expect(one.headers[.location] == "/wait/1001")
            #expect(try await client.page("/?lang=ko").headers[.location] == "/wait/1001?lang=ko")
        }
        let g = try await GateFixture()
        try await g.publish(id: 1001)
        try await g.publish(id: 1002)
        try await g.publish(id: 1003, closed: true)
        try await g.test { client in
            let list = try await client.page("/")
            #expect(list.status == 200)
            #expect(list.headers[.contentSecurityPolicy] == Self.strictCSP)
            #expect(list.text.contains(#"href="/wait/1001""#) && list.text.contains(#"href="/wait/1002""#))
            #expect(!list.text.contains(#"href="/wait/1003""#))
        }
    }

    @Test("the event's coupon policy reaches the page from MySQL")
    func policy() async throws {
        try await TestServers.withDatabase { client, _ in
            let f = try await GateFixture(mysql: client)
            try await f.publish(id: 1001)
            try await f.test { client in
                let coupon = try #require(try await client.page("/wait/1001").data("coupon"))
                #expect(coupon == #"{&quot;type&quot;:&quot;FIXED&quot;,&quot;amount&quot;:100,&quot;minOrderAmount&quot;:0,&quot;validDays&quot;:1}"#)
            }
        }
    }

    @Test("embed origins frame the page instead of DENY; a value that is not an origin is refused at start-up")
    func embedOrigins() async throws {
        let f = try await GateFixture(overrides: ["gate.page.embedOrigins=https://shop.example,http://127.0.0.1:9000"])
        try await f.publish(id: 1001)
        try await f.test { client in
            let page = try await client.page("/wait/1001")
            #expect(page.headers[.xFrameOptions] == nil)
            #expect(page.headers[.contentSecurityPolicy]?.hasSuffix("frame-ancestors https://shop.example http://127.0.0.1:9000") == true)
            #expect(page.data("embed-origins") == "https://shop.example http://127.0.0.1:9000")
        }
        for bad in ["shop.example", "https://shop.example/path", "javascript://x", "https://"] {
            #expect(throws: ConfigError.self, "\(bad)") { _ = try PageSettingsTests.settings(["gate.page.embedOrigins=\(bad)"]) }
        }
    }
}
