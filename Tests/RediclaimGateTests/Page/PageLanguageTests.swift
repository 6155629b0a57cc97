import Testing

@testable import RediclaimGate

@Suite("Page language and template")
struct PageLanguageTests {
    @Test("Accept-Language: q-values, regions, wildcards, junk")
    func choose() {
        #expect(PageLanguage.choose(query: nil, acceptLanguage: nil) == .en)
        #expect(PageLanguage.choose(query: nil, acceptLanguage: "ko-KR") == .ko)
        #expect(PageLanguage.choose(query: nil, acceptLanguage: "KO") == .ko)
        #expect(PageLanguage.choose(query: nil, acceptLanguage: "en;q=0.4, ko;q=0.6") == .ko)
        #expect(PageLanguage.choose(query: nil, acceptLanguage: "ko;q=0, en;q=0.1") == .en)
        #expect(PageLanguage.choose(query: nil, acceptLanguage: "*, ko;q=0.2") == .ko)
        #expect(PageLanguage.choose(query: nil, acceptLanguage: ";;,,q=, ko;q=abc") == .ko)
        #expect(PageLanguage.choose(query: nil, acceptLanguage: "ja, zh") == .en)
        #expect(PageLanguage.choose(query: "KO", acceptLanguage: "en") == .ko)
        #expect(PageLanguage.choose(query: "fr", acceptLanguage: "ko") == .ko)
    }

    @Test("the template escapes values once and never re-reads them as placeholders")
    func template() {
        let template = PageTemplate(source: #"<p title="{{a}}">{{b}}</p>{{{raw}}}{{missing}}{{unclosed"#)
        let out = template.render(["a": #"x" onload="y"#, "b": "{{a}}<script>"], raw: ["raw": "<i>ok</i>"])
        #expect(out == #"<p title="x&quot; onload=&quot;y">{{a}}&lt;script&gt;</p><i>ok</i>{{missing}}{{unclosed"#)
    }
}
