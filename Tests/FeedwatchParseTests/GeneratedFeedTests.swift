import FeedwatchModel
import FeedwatchParse
import Foundation
import Testing

/// Documents written by `GeneratedFeedWriter` from seeded random values, parsed and compared field by
/// field with the answer shared/spec/parse-json.md gives for them. A failure names the seed, so the
/// document can be rebuilt.
@Suite("Generated feeds with known answers")
struct GeneratedFeedTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case rss091, rss092, rss20, rdf10, atom03, atom10, json10, json11
        var testDescription: String { rawValue }
    }

    static let seeds: [UInt64] = Array(1...12)

    static func timestamp(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    @Test("every spec field of every item matches the known answer", arguments: Kind.allCases)
    func knownAnswers(kind: Kind) throws {
        for seed in Self.seeds {
            var writer = GeneratedFeedWriter(seed: seed &* 7919 &+ UInt64(kind.rawValue.count))
            let items = (0..<3).map { writer.item($0) }
            let document: String
            let format: FeedFormat
            let version: String?
            switch kind {
            case .rss091: (document, format, version) = (writer.rss(version: "0.91", items: items), .rss, "0.91")
            case .rss092: (document, format, version) = (writer.rss(version: "0.92", items: items), .rss, "0.92")
            case .rss20: (document, format, version) = (writer.rss(version: "2.0", items: items), .rss, "2.0")
            case .rdf10: (document, format, version) = (writer.rdf(items: items), .rdf, "1.0")
            case .atom03: (document, format, version) = (writer.atom(version03: true, items: items), .atom, "0.3")
            case .atom10: (document, format, version) = (writer.atom(version03: false, items: items), .atom, "1.0")
            case .json10: (document, format, version) = (writer.jsonFeed(version11: false, items: items), .json, "1.0")
            case .json11: (document, format, version) = (writer.jsonFeed(version11: true, items: items), .json, "1.1")
            }
            let feed = try FeedParser().parse(Data(document.utf8)).feed
            let context = Comment(rawValue: "\(kind.rawValue) seed \(seed):\n\(document)")
            #expect(feed.format == format, context)
            #expect(feed.version == version, context)
            #expect(feed.title == "Generated", context)
            try #require(feed.items.count == items.count, context)
            for (entry, item) in zip(feed.items, items) {
                #expect(entry.id == item.id, context)
                #expect(entry.title == item.title, context)
                #expect(entry.link == item.link, context)
                #expect(entry.published == Self.timestamp(item.published), context)
                #expect(entry.summary == item.summary, context)
                #expect(entry.authors == [item.author], context)
                #expect(entry.categories == [item.category], context)
                let enclosure = Enclosure(url: item.link + ".mp3", type: "audio/mpeg", length: item.enclosureLength)
                if kind != .rdf10 { #expect(entry.enclosures == [enclosure], context) }
            }
        }
    }

    /// The same RSS text in the legacy encodings the spec lists, declared in the XML declaration.
    @Test("ISO-8859-1, windows-1252 and UTF-16 with a BOM give the same text as UTF-8")
    func encodings() throws {
        let title = "Año pingüino ¿Qué? ¡Olé! “curly” €5"
        func document(_ declared: String) -> String {
            "<?xml version=\"1.0\" encoding=\"\(declared)\"?><rss version=\"2.0\"><channel><title>Generated</title>"
                + "<item><title>\(title)</title></item></channel></rss>"
        }
        let latin1Title = "Año pingüino ¿Qué? ¡Olé!"
        let latin1 = document("ISO-8859-1").replacingOccurrences(of: title, with: latin1Title).data(using: .isoLatin1)!
        let windows = document("windows-1252").data(using: .windowsCP1252)!
        var utf16LE = Data([0xFF, 0xFE])
        utf16LE.append(document("UTF-16").data(using: .utf16LittleEndian)!)
        var utf16BE = Data([0xFE, 0xFF])
        utf16BE.append(document("UTF-16").data(using: .utf16BigEndian)!)
        #expect(try FeedParser().parse(latin1).feed.items.first?.title == latin1Title)
        for data in [windows, utf16LE, utf16BE] {
            #expect(try FeedParser().parse(data).feed.items.first?.title == title)
        }
    }

    /// ISO 8601 allows an offset of whole hours with no minutes; W3C-DTF readers must not drop it.
    @Test("an ISO 8601 date with an hours-only offset keeps its offset", arguments: [
        ("2002-09-07T09:42:31-05", "2002-09-07T14:42:31Z"),
        ("2002-09-07T09:42:31+09", "2002-09-07T00:42:31Z"),
        ("2002-09-07T09:42:31.250-05", "2002-09-07T14:42:31Z"),
    ])
    func hoursOnlyOffset(text: String, expected: String) throws {
        #expect(FeedDate.parse(text).map(FeedJSON.timestamp) == expected)
    }

    /// ISO 8601's end-of-day form; any other hour 24 stays invalid.
    @Test("an ISO 8601 24:00:00 is midnight of the next day", arguments: [
        ("2002-09-07T24:00:00Z", "2002-09-08T00:00:00Z"),
        ("2002-12-31T24:00:00+01:00", "2002-12-31T23:00:00Z"),
        ("2002-09-07T24:00:01Z", nil),
        ("2002-09-07T24:30:00Z", nil),
    ] as [(String, String?)])
    func endOfDay(text: String, expected: String?) throws {
        #expect(FeedDate.parse(text).map(FeedJSON.timestamp) == expected)
    }

    @Test("an ISO 8601 ordinal date names the day of the year", arguments: [
        ("2002-250", "2002-09-07T00:00:00Z"),
        ("2004-366", "2004-12-31T00:00:00Z"),
        ("2002-001T09:42:31Z", "2002-01-01T09:42:31Z"),
        ("2002-060", "2002-03-01T00:00:00Z"),
        ("2002-366", nil),
        ("2002-000", nil),
    ] as [(String, String?)])
    func ordinalDate(text: String, expected: String?) throws {
        #expect(FeedDate.parse(text).map(FeedJSON.timestamp) == expected)
    }
}
