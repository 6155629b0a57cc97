import Crypto
import Foundation

/// The page's files, read once from the gate module's resources: no build step, no CDN.
struct PageAssets: Sendable {
    /// A file served as it is.
    struct File: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    let page: PageTemplate
    let list: PageTemplate
    /// `app.js`, `app.css`, `en.json`, `ko.json`, by name.
    let files: [String: File]
    let texts: [PageLanguage: [String: String]]
    /// A short hash of every file: asset URLs carry it, so browsers may keep them for a year.
    let version: String

    /// Loaded on first use; `buildGate` asks for it at start-up, so a broken package fails there.
    static let bundled = Result { try PageAssets(directory: Bundle.module.url(forResource: "Assets", withExtension: nil)) }

    static let contentTypes = [
        "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "json": "application/json; charset=utf-8",
    ]

    init(directory: URL?) throws {
        guard let directory else { throw PageAssetsError(file: "Assets", "the gate's page resources are missing") }
        func read(_ name: String) throws -> Data {
            do { return try Data(contentsOf: directory.appendingPathComponent(name)) } catch {
                throw PageAssetsError(file: name, "\(error)")
            }
        }
        var files: [String: File] = [:]
        var texts: [PageLanguage: [String: String]] = [:]
        var hash = SHA256()
        for name in ["app.js", "app.css"] + PageLanguage.allCases.map({ "\($0.rawValue).json" }) {
            let data = try read(name)
            hash.update(data: data)
            let type = Self.contentTypes[String(name.split(separator: ".").last ?? "")] ?? "application/octet-stream"
            files[name] = File(bytes: [UInt8](data), contentType: type)
        }
        for language in PageLanguage.allCases {
            let data = try read("\(language.rawValue).json")
            guard let table = try? JSONDecoder().decode([String: String].self, from: data) else {
                throw PageAssetsError(file: "\(language.rawValue).json", "is not a JSON object of strings")
            }
            texts[language] = table
        }
        let page = try read("wait.html")
        let list = try read("list.html")
        hash.update(data: page)
        hash.update(data: list)
        self.page = PageTemplate(source: String(decoding: page, as: UTF8.self))
        self.list = PageTemplate(source: String(decoding: list, as: UTF8.self))
        self.files = files
        self.texts = texts
        version = hash.finalize().prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// One text in one language, with `{name}` placeholders filled.
    func text(_ key: String, _ language: PageLanguage, _ values: [String: String] = [:]) -> String {
        var text = texts[language]?[key] ?? texts[.fallback]?[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}

/// A page file that is missing or malformed in the package.
struct PageAssetsError: Error, CustomStringConvertible {
    let file: String
    let message: String

    init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    var description: String { "waiting-room page file \(file): \(message)" }
}
