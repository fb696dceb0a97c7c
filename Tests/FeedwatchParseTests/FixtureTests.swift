import Foundation
import Testing

@testable import FeedwatchParse

/// The fixtures beside this file: `<format>_<quirk>.xml` (or `.json`) with the expected
/// parse-json.md document in `<format>_<quirk>.golden.json`, parsed with a fixed document URL.
enum Fixtures {
    static let baseURL = "https://example.org/feeds/main.xml"

    static var directory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { !$0.hasSuffix(".golden.json") && ($0.hasSuffix(".xml") || $0.hasSuffix(".json")) }
            .sorted()
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }
}

@Suite("Golden fixtures")
struct FixtureTests {
    @Test("each fixture parses to exactly its golden document", arguments: try Fixtures.names())
    func fixtureMatchesGolden(name: String) throws {
        let parsed = try FeedParser().parse(Fixtures.data(name), baseURL: Fixtures.baseURL)
        let stem = (name as NSString).deletingPathExtension
        let golden = String(decoding: try Fixtures.data(stem + ".golden.json"), as: UTF8.self)
        #expect(FeedJSON.encode(parsed.feed) == golden.trimmingCharacters(in: .newlines))
    }

    @Test("a recovered document parses with a warning")
    func recoveredDocumentWarns() throws {
        let parsed = try FeedParser().parse(Fixtures.data("rss_bare_ampersand.xml"))
        #expect(parsed.warnings.contains { $0.contains("recovered malformed XML") })
        #expect(parsed.feed.title == "Fish & Chips & more <3")
    }

    @Test("a document that is not valid UTF-8 is read as windows-1252 with a warning")
    func invalidUTF8FallsBackToWindows1252() throws {
        let parsed = try FeedParser().parse(Fixtures.data("rss_invalid_utf8.xml"))
        #expect(parsed.feed.title == "Café “quoted” €")
        #expect(parsed.warnings.contains { $0.contains("windows-1252") })
    }

    @Test("the HTTP charset overrides the XML declaration")
    func httpCharsetWins() throws {
        let document = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>\u{00E9}</title></channel></rss>".utf8)
        let parsed = try FeedParser().parse(document, contentType: "application/rss+xml; charset=ISO-8859-1")
        #expect(parsed.feed.title == "Ã©" || parsed.feed.title == "é")
        let latin1 = Data([0x3C] + Array("rss version=\"2.0\"><channel><title>".utf8) + [0xE9] + Array("</title></channel></rss>".utf8))
        let fromHeader = try FeedParser().parse(latin1, contentType: "text/xml; charset=\"iso-8859-1\"")
        #expect(fromHeader.feed.title == "é")
    }

    @Test("UTF-16 documents with and without a byte-order mark parse")
    func utf16Documents() throws {
        let text = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Señal</title></channel></rss>"
        var withMark = Data([0xFF, 0xFE])
        for unit in text.utf16 { withMark.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        #expect(try FeedParser().parse(withMark).feed.title == "Señal")
        var bigEndian = Data()
        for unit in text.utf16 { bigEndian.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)]) }
        #expect(try FeedParser().parse(bigEndian).feed.title == "Señal")
    }
}
