import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RediclaimCore
import RediclaimStore

/// The waiting-room page for people: `GET /wait/{eventId}`, its files under `/wait/assets/`, and `/`
/// (the one live event, or a list). Everything the page shows after loading comes from the same
/// `/enqueue` and `/rank` contract any client uses.
struct PageRoutes: Sendable {
    let gate: Gate
    let policies: PagePolicies

    init(gate: Gate) {
        self.gate = gate
        policies = PagePolicies(stores: gate.stores, logger: gate.logger)
    }

    func wait(_ request: Request, context: GateContext) async throws -> Response {
        let assets = try PageAssets.bundled.get()
        let language = Self.language(request)
        guard let raw = context.parameters.get("id"), let eventId = try? Validate.eventId(parsing: raw) else {
            return notice(.notFound, page: "missing", assets, language)
        }
        let definition: RuntimeDefinition?
        do {
            definition = try await gate.events.definition(eventId)
        } catch {
            // A person gets a page that retries by itself, never a JSON error.
            context.logger.warning("page: event unavailable", metadata: [GateLogKey.error: "\(error)"])
            var response = notice(.serviceUnavailable, page: "unavailable", assets, language)
            response.headers[.retryAfter] = String(gate.settings.unavailableRetryAfterSeconds)
            return response
        }
        guard let definition else { return notice(.notFound, page: "missing", assets, language) }
        var values = common(assets, language)
        values["page"] = "wait"
        values["eventId"] = String(eventId)
        values["eventName"] = definition.name
        values["title"] = assets.text("title", language, ["name": definition.name])
        values["openAt"] = String(definition.openAtMs)
        values["closeAt"] = String(definition.closeAtMs)
        values["preQueueSeconds"] = String(definition.preQueueSeconds)
        values["coupon"] = await policies.json(eventId)
        return html(.ok, assets.page.render(values))
    }

    func asset(_ request: Request, context: GateContext) async throws -> Response {
        let assets = try PageAssets.bundled.get()
        guard let name = context.parameters.get("file"), let file = assets.files[name] else {
            throw APIError(.notFound, "no such page file")
        }
        let immutable = request.uri.queryParameters["v"].map(String.init) == assets.version
        return Response(
            status: .ok, headers: PageHeaders.file(contentType: file.contentType, immutable: immutable),
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// `/`: straight to the one live event, else the list of them.
    func index(_ request: Request, context: GateContext) async throws -> Response {
        try gate.limit(gate.ipLimiter, gate.clients.key(peer: context.peer, headers: request.headers), what: "client")
        let assets = try PageAssets.bundled.get()
        let language = Self.language(request)
        let now = Timestamps.epochMillis(Date())
        var live: [RuntimeDefinition] = []
        for id in try await gate.runtime.eventIds().sorted().prefix(100) {
            if let definition = try await gate.events.definition(id), !definition.closed, definition.closeAtMs > now {
                live.append(definition)
            }
        }
        let query = request.uri.queryParameters["lang"].flatMap { PageLanguage(rawValue: String($0)) }.map { "?lang=\($0.rawValue)" } ?? ""
        if live.count == 1 {
            return Response(status: .seeOther, headers: [.location: "/wait/\(live[0].eventId)\(query)", .cacheControl: "no-store"])
        }
        let items =
            live.isEmpty
            ? "<p>\(PageTemplate.escape(assets.text("listEmpty", language)))</p>"
            : "<ul class=\"events\">"
                + live.map { "<li><a href=\"/wait/\($0.eventId)\(query)\">\(PageTemplate.escape($0.name))</a></li>" }.joined()
                + "</ul>"
        var values = common(assets, language)
        values["title"] = assets.text("listTitle", language)
        return html(.ok, assets.list.render(values, raw: ["items": items]))
    }

    /// The values every page needs: language, switch, clock, identity hand-over, file version.
    func common(_ assets: PageAssets, _ language: PageLanguage) -> [String: String] {
        let page = gate.settings.page
        return [
            "lang": language.rawValue, "otherLang": language.other.rawValue, "switchLabel": assets.text("switchTo", language),
            "version": assets.version, "now": String(Timestamps.epochMillis(Date())), "devSignIn": page.devSignIn ? "1" : "0",
            "embedOrigins": page.embedOrigins.joined(separator: " "), "noscript": assets.text("noscript", language),
            "heading": assets.text("loading", language), "body": assets.text("loadingBody", language),
            "texts": String(decoding: assets.files["\(language.rawValue).json"]?.bytes ?? [], as: UTF8.self),
            "eventId": "0", "eventName": "", "openAt": "0", "closeAt": "0", "preQueueSeconds": "0", "coupon": "", "page": "wait",
        ]
    }

    /// A page without an event: unknown (404) or not reachable now (503, retries by itself).
    func notice(_ status: HTTPResponse.Status, page: String, _ assets: PageAssets, _ language: PageLanguage) -> Response {
        var values = common(assets, language)
        let (title, body) = page == "missing" ? ("notFoundTitle", "notFoundBody") : ("offlineTitle", "loadingBody")
        values["page"] = page
        values["title"] = assets.text(title, language)
        values["eventName"] = assets.text(title, language)
        values["heading"] = assets.text(title, language)
        values["body"] = assets.text(body, language)
        return html(status, assets.page.render(values))
    }

    func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: PageHeaders.html(embedOrigins: gate.settings.page.embedOrigins),
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func language(_ request: Request) -> PageLanguage {
        PageLanguage.choose(
            query: request.uri.queryParameters["lang"].map(String.init), acceptLanguage: request.headers[.acceptLanguage])
    }
}
