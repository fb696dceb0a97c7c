@testable import FeedwatchParse
import Foundation
import Testing

@Suite("RSS guid as link")
struct GuidLinkTests {
    func link(_ guid: String, base: String? = "https://news.example/feed.xml") throws -> String? {
        let document = "<rss version=\"2.0\"><channel><title>T</title><item>\(guid)<title>x</title></item></channel></rss>"
        return try FeedParser().parse(Data(document.utf8), baseURL: base).feed.items.first?.link
    }

    @Test("a relative guid is an id, never a link resolved against the document URL")
    func relativeGuid() throws {
        #expect(try link("<guid>1</guid>") == nil)
        #expect(try link("<guid>/a/1</guid>") == nil)
    }

    @Test("an absolute http(s) permalink guid is the link unless isPermaLink is false")
    func absoluteGuid() throws {
        #expect(try link("<guid>https://news.example/a/1</guid>") == "https://news.example/a/1")
        #expect(try link("<guid isPermaLink=\"false\">https://news.example/a/1</guid>") == nil)
        #expect(try link("<guid>urn:uuid:1234</guid>") == nil)
    }

    @Test("the guid's http(s) check answers as trimming and lowercasing through Foundation does")
    func absoluteWebURLCheck() {
        let samples = [
            "http://a", "https://a", "HTTP://a", "HtTpS://a", " \n\thttps://a", "\u{00A0}\u{2003}http://a",
            "\u{0085}http://a", "http:/a", "https:a", "http", "https", "httpss://a", "ftp://a", "", " ", "\u{00A0}",
            "h ttp://a", "\u{212A}http://a", "\u{0130}ttp://a", "ＨTTP://a", "http://", "https:///", "xhttp://a",
            "\u{200B}http://a", "\u{FEFF}http://a", "1", "0000000-00",
        ]
        for sample in samples {
            let lowered = sample.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let expected = lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
            #expect(XMLFeedBuilder.isAbsoluteWebURL(sample) == expected, "\(sample.debugDescription)")
        }
    }
}
