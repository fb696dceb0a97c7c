import FeedwatchParse
import Foundation
import Testing

@Suite("Entities in attribute values")
struct AttributeEntityTests {
    static let cases: [(reference: String, expected: String)] = [
        ("&eacute;", "é"),
        ("&euro;", "€"),
        ("&hellip;", "…"),
        ("&mdash;", "—"),
        ("&#233;", "é"),
        ("&#x1F600;", "😀"),
        ("&amp;", "&"),
        ("&ntilde;", "ñ"),
    ]

    @Test("HTML entities that decode to several UTF-8 bytes keep all of them in attribute values", arguments: cases)
    func htmlEntityInAttribute(reference: String, expected: String) throws {
        let document = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>x</title>\
            <category term="caf\(reference)"/>\
            <link rel="enclosure" href="https://example.org/\(reference).mp3" type="audio/mpeg"/></entry></feed>
            """
        let entry = try #require(try FeedParser().parse(Data(document.utf8)).feed.items.first)
        #expect(entry.categories == ["caf" + expected])
        #expect(entry.enclosures.first?.url.hasPrefix("https://example.org/") == true)
        #expect(entry.enclosures.first?.url.contains("\u{FFFD}") == false)
    }

    @Test("an entity the document declares keeps its multi-byte text in attribute values and in text")
    func declaredEntityInAttribute() throws {
        let document = """
            <?xml version="1.0" encoding="utf-8"?>
            <!DOCTYPE feed [<!ENTITY brand "Señal €">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>&brand;</title><entry><title>x</title>\
            <category term="&brand;"/><category label="&brand; news"/></entry></feed>
            """
        let feed = try FeedParser().parse(Data(document.utf8)).feed
        #expect(feed.title == "Señal €")
        #expect(feed.items.first?.categories == ["Señal €", "Señal € news"])
    }

    @Test("the same entity in text and in an attribute of one document decodes the same")
    func sameEntityBothPlaces() throws {
        let document = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Caf&eacute;</title><entry>\
            <title>Ni&ntilde;os</title><category term="Ni&ntilde;os"/><category label="Caf&eacute;"/></entry></feed>
            """
        let feed = try FeedParser().parse(Data(document.utf8)).feed
        #expect(feed.title == "Café")
        #expect(feed.items.first?.title == "Niños")
        #expect(feed.items.first?.categories == ["Niños", "Café"])
    }
}
