@testable import FeedwatchParse
import Foundation
import Testing

/// The builder matches end tags to captures and routes values by `FieldCode` instead of by field
/// name: that is only the same when two codes are equal exactly when their names are.
@Suite("Field codes")
struct FieldCodeTests {
    @Test("codes are equal exactly when the names are, fixed names and others alike")
    func codesMatchNames() {
        var unnamed = FieldCode.Unnamed()
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdeilmnt:-")
        var names = Array(FieldCode.byName.keys) + ["ttl", "skiphours", "hour", "media:content", "dc:title", "Title", ""]
        for _ in 0..<300 {
            let length = Int.random(in: 1...6, using: &generator)
            names.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        let codes = names.map { unnamed.code(for: $0) }
        for (first, firstCode) in zip(names, codes) {
            for (second, secondCode) in zip(names, codes) {
                #expect((firstCode == secondCode) == (first == second), "\(first) / \(second)")
            }
        }
        // Asked again, a name keeps its code.
        #expect(names.map { unnamed.code(for: $0) } == codes)
        #expect(unnamed.code(for: "title") == .title && unnamed.code(for: "dcdate") == .dublinCoreDate)
    }

    @Test("the text constructs are the seven fields stored as typed text")
    func textConstructs() {
        let constructs: Set<String> = ["content", "description", "title", "summary", "subtitle", "rights", "info"]
        for (name, code) in FieldCode.byName {
            #expect(code.isTextConstruct == constructs.contains(name), "\(name)")
        }
    }

    @Test("an element whose key is a field name ends the capture of that field, as names did")
    func keyNamedLikeAField() throws {
        // `<dcdate>` means nothing, but its key is the name of the field `<dc:date>` collects; with
        // attributes it collects nothing itself, so its end tag closes the open `dc:date` capture
        // (and the date is lost). A key that is no field's name closes nothing.
        func published(_ inner: String) throws -> Date? {
            let document = """
                <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>\
                <item><title>x</title><dc:date>2020-01-01T00:00:00Z\(inner)</dc:date></item></channel></rss>
                """
            return try FeedParser().parse(Data(document.utf8)).feed.items.first?.published
        }
        let date = Date(timeIntervalSince1970: 1_577_836_800)
        #expect(try published("<dcdate a=\"1\"/>") == nil)
        #expect(try published("<dcdatex a=\"1\"/>") == date)
        #expect(try published("<dcdate/>") == date)
    }

    @Test("web schemes are recognised as lowercasing and comparing prefixes does")
    func webScheme() {
        let samples = [
            "http://a", "https://a", "HTTP://a", "HtTpS://a", "http:/a", "https:a", "http", "", "ftp://a",
            "\u{212A}http://a", "\u{0130}ttp://a", "ＨTTP://a", "httpss://a", "https//a", "http://", "HTTPS://",
        ]
        for sample in samples {
            let lowered = sample.lowercased()
            let expected = lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
            #expect(FeedAdapter.startsWithWebScheme(sample) == expected, "\(sample)")
        }
    }
}
