/// The languages the waiting-room page speaks, one text file each (`Assets/en.json`, `Assets/ko.json`).
enum PageLanguage: String, CaseIterable, Sendable {
    case en
    case ko

    static let fallback = PageLanguage.en

    /// `?lang=` first (a shop can link one language), then `Accept-Language` by q-value (the first listed
    /// wins a tie; `ko-KR` is Korean), then English.
    static func choose(query: String?, acceptLanguage: String?) -> PageLanguage {
        if let query, let language = PageLanguage(rawValue: query.lowercased()) { return language }
        var best: (language: PageLanguage, q: Double)?
        for item in (acceptLanguage ?? "").split(separator: ",").prefix(32) {
            let parts = item.split(separator: ";")
            guard let tag = parts.first?.trimmingCharacters(in: .whitespaces).lowercased() else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = PageLanguage(rawValue: primary) else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix("q="), let value = Double(pair.dropFirst(2)) { q = value }
            }
            guard q > 0, q <= 1 else { continue }
            if best == nil || q > best!.q { best = (language, q) }
        }
        return best?.language ?? fallback
    }

    /// The other language, which the page's switch offers.
    var other: PageLanguage { self == .en ? .ko : .en }
}
