import Foundation
import Testing

@testable import FeedwatchParse

/// Declared legacy encodings decode through iconv, whatever spelling of the name the feed uses,
/// and the common reference slips of hand-written feeds read as lenient readers read them.
@Suite("legacy encodings and lenient references")
struct LegacyEncodingTests {
    /// An Atom 0.3 feed whose title is the single byte 0x80, declared in `encoding`.
    static func byte80Feed(declaring encoding: String) -> Data {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"\(encoding)\"?>\n<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>".utf8)
        bytes.append(0x80)
        bytes.append(contentsOf: Array("</title></feed>".utf8))
        return Data(bytes)
    }

    @Test(
        "byte 0x80 decodes in the declared code page, also when its name starts with a digit",
        arguments: [
            ("437", "\u{00C7}"), ("850", "\u{00C7}"), ("852", "\u{00C7}"), ("855", "\u{0452}"),
            ("862", "\u{05D0}"), ("866", "\u{0410}"), ("cp437", "\u{00C7}"), ("IBM866", "\u{0410}"),
            ("windows-1251", "\u{0402}"), ("ms-cyrl", "\u{0402}"), ("koi8-r", "\u{2500}"),
            ("windows-1252", "\u{20AC}"), ("macintosh", "\u{00C4}"), ("viscii", "\u{1EA0}"),
            ("mac-roman", "\u{00C4}"), ("maciceland", "\u{00C4}"), ("maclatin2", "\u{00C4}"),
            ("x-mac-cyrillic", "\u{0410}"),
        ])
    func codePage(encoding: String, expected: String) throws {
        let parsed = try FeedParser().parse(Self.byte80Feed(declaring: encoding))
        #expect(parsed.feed.title == expected, "encoding \(encoding)")
        #expect(!parsed.warnings.contains { $0.contains("windows-1252") }, "\(parsed.warnings)")
    }

    @Test("XML's encoding-name rule: a letter first, then letters, digits, '.', '_' or '-'")
    func encodingNameRule() {
        #expect(XMLFeedReader.isXMLEncodingName("ISO-8859-1"))
        #expect(XMLFeedReader.isXMLEncodingName("x_mac.roman"))
        #expect(!XMLFeedReader.isXMLEncodingName("437"))
        #expect(!XMLFeedReader.isXMLEncodingName(""))
        #expect(!XMLFeedReader.isXMLEncodingName("utf 8"))
    }

    @Test("an uppercase hexadecimal character reference (&#X41;) reads as the character, with a warning")
    func uppercaseHexReference() throws {
        let document = Data(
            "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry><title>&#X41;&#X1F600;b</title></entry></feed>".utf8)
        let parsed = try FeedParser().parse(document)
        #expect(parsed.feed.items.first?.title == "A\u{1F600}b")
        #expect(parsed.warnings.contains { $0.contains("recovered malformed XML") })
    }
}
