import Foundation
import FeedwatchTestSupport
import Testing

@testable import FeedwatchParse

/// Feeds come from strangers: every one of these finishes quickly, reads no file and touches no
/// network, and ends in a clear refusal or a recovered parse.
@Suite("Hostile input")
struct HostileInputTests {
    /// Parses and measures; the bound is generous for a loaded machine, the real times are milliseconds.
    func parseQuickly(_ document: Data) -> (Result<ParsedFeed, FeedParseError>, Duration) {
        let clock = ContinuousClock()
        var result: Result<ParsedFeed, FeedParseError>!
        let elapsed = clock.measure {
            do throws(FeedParseError) {
                result = .success(try FeedParser().parse(document))
            } catch {
                result = .failure(error)
            }
        }
        return (result, elapsed)
    }

    @Test("billion laughs is not expanded: the refused entity stays literal text")
    func billionLaughs() throws {
        var document = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            document += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        document += "]><rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>"
        let (result, elapsed) = parseQuickly(Data(document.utf8))
        #expect(elapsed < .seconds(2))
        let feed = try result.get().feed
        #expect(feed.title == nil || feed.title == "&lol9;")
    }

    @Test("quadratic blowup is stopped by the entity expansion budget")
    func quadraticBlowup() {
        let entity = String(repeating: "A", count: 1000)
        let document = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"\(entity)\">]><rss version=\"2.0\"><channel><title>"
            + String(repeating: "&a;", count: 200_000) + "</title></channel></rss>"
        let (result, elapsed) = parseQuickly(Data(document.utf8))
        #expect(elapsed < .seconds(2))
        #expect(throws: FeedParseError.self) { try result.get() }
    }

    @Test("a short literal entity the document declares is expanded")
    func literalEntity() throws {
        let document = "<!DOCTYPE rss [<!ENTITY org \"Example Org\">]><rss version=\"2.0\"><channel><title>&org; news</title></channel></rss>"
        #expect(try FeedParser().parse(Data(document.utf8)).feed.title == "Example Org news")
    }

    @Test("external entities and DTDs are never read (XXE)")
    func externalEntities() throws {
        let directory = try TemporaryDirectory()
        let secret = directory.url.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-MARKER".utf8).write(to: secret)
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "\(secret.absoluteString)" [
              <!ENTITY xxe SYSTEM "\(secret.absoluteString)">
              <!ENTITY % remote SYSTEM "\(secret.absoluteString)"> %remote;
            ]>
            <rss version="2.0"><channel><title>a &xxe; b</title>
            <item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>
            """
        let (result, elapsed) = parseQuickly(Data(document.utf8))
        #expect(elapsed < .seconds(2))
        let parsed = try result.get()
        #expect(!FeedJSON.encode(parsed.feed).contains("TOP-SECRET-MARKER"))
        #expect(parsed.feed.title == "a b")
    }

    @Test("deep nesting is refused")
    func deepNesting() {
        let document = "<rss version=\"2.0\"><channel>" + String(repeating: "<a>", count: 100_000)
            + String(repeating: "</a>", count: 100_000) + "</channel></rss>"
        let (result, elapsed) = parseQuickly(Data(document.utf8))
        #expect(elapsed < .seconds(2))
        #expect(throws: FeedParseError.self) { try result.get() }
    }

    @Test("a start tag with 100 000 attributes is refused before libxml2 sees it")
    func hugeAttributeCount() {
        let attributes = (0..<100_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let document = "<rss version=\"2.0\"><channel><x \(attributes)/></channel></rss>"
        let (result, elapsed) = parseQuickly(Data(document.utf8))
        #expect(elapsed < .seconds(2))
        #expect(throws: FeedParseError.self) { try result.get() }
    }

    @Test("invalid byte sequences do not crash or hang")
    func invalidBytes() throws {
        var bytes = Array("<rss version=\"2.0\"><channel><title>".utf8)
        bytes += [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0x00, 0xF0, 0x9F]
        bytes += Array("</title><item><title>ok</title></item></channel></rss>".utf8)
        let (result, elapsed) = parseQuickly(Data(bytes))
        #expect(elapsed < .seconds(2))
        let parsed = try result.get()
        #expect(parsed.feed.items.count == 1)
        #expect(!parsed.warnings.isEmpty)
    }

    @Test("documents that are not feeds are refused with one line", arguments: [
        "", "   \n", "hello world", "<html><head><title>x</title></head><body><p>page</p></body></html>",
        "<?xml version=\"1.0\"?><catalog><book/></catalog>", "{\"hello\": [1, 2]}", "[1, 2, 3]", "{not json",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><item/></rdf:RDF>",
    ])
    func notAFeed(document: String) {
        let (result, elapsed) = parseQuickly(Data(document.utf8))
        #expect(elapsed < .seconds(2))
        do {
            _ = try result.get()
            Issue.record("expected a refusal for \(document.prefix(40))")
        } catch {
            #expect(error.kind == .notAFeed)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("random garbage never crashes the parser")
    func garbage() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let length = Int.random(in: 0..<2048, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if Bool.random(using: &generator) { bytes = Array("<rss version=\"2.0\"><channel>".utf8) + bytes }
            _ = parseQuickly(Data(bytes))
        }
    }

    @Test("input over the size limit is refused without parsing")
    func sizeLimit() {
        var limits = ParseLimits.default
        limits.maxInputBytes = 100
        let document = Data(("<rss version=\"2.0\"><channel><title>" + String(repeating: "x", count: 200) + "</title></channel></rss>").utf8)
        #expect(throws: FeedParseError.self) { try FeedParser(limits: limits).parse(document) }
    }
}
