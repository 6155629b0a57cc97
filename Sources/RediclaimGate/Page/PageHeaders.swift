import HTTPTypes

/// The headers every page answer carries: a strict Content-Security-Policy (only the gate's own files,
/// no inline script or style, no framing but by the configured shop origins) and its companions.
enum PageHeaders {
    static func csp(embedOrigins: [String]) -> String {
        let ancestors = embedOrigins.isEmpty ? "'none'" : embedOrigins.joined(separator: " ")
        return [
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
            "base-uri 'none'", "form-action 'none'", "frame-ancestors \(ancestors)",
        ].joined(separator: "; ")
    }

    static func html(embedOrigins: [String]) -> HTTPFields {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .contentSecurityPolicy: csp(embedOrigins: embedOrigins),
            .xContentTypeOptions: "nosniff", .referrerPolicy: "no-referrer",
            // The page carries the server's clock for the countdown and the visitor's language.
            .cacheControl: "no-store", .vary: "Accept-Language",
        ]
        if embedOrigins.isEmpty { headers[.xFrameOptions] = "DENY" }
        return headers
    }

    static func file(contentType: String, immutable: Bool) -> HTTPFields {
        [
            .contentType: contentType, .xContentTypeOptions: "nosniff",
            // Asset URLs carry the files' hash (`?v=`): those never change, anything else is rechecked soon.
            .cacheControl: immutable ? "public, max-age=31536000, immutable" : "public, max-age=300",
        ]
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
