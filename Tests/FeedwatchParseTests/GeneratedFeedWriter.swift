import Foundation
import FeedwatchTestSupport

/// The known answer for one generated item: what parse-json.md says `parse --json` must print.
struct GeneratedItem {
    var id: String
    var title: String
    var link: String
    var published: Int64
    var summary: String
    var author: String
    var category: String
    var enclosureLength: Int
}

/// Writes RSS 0.91/0.92/2.0, RSS 1.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents from seeded
/// random field values, in the many spellings real feeds use (prefixes, CDATA, character
/// references, date formats), and keeps the answer each one must parse to.
struct GeneratedFeedWriter {
    var random: SeededGenerator

    /// Words that stress the text rules: accents, astral emoji, right-to-left scripts and XML
    /// specials, each of which must survive unchanged as plain text.
    static let words = [
        "año", "Señor", "pingüino", "canción", "¿Qué?", "¡Olé!", "😀", "🇪🇸", "שלום", "مرحبا", "news",
        "R&D", "x<y", "a>b", "\"quoted\"", "it's", "niño", "€5",
    ]

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    mutating func phrase() -> String { (0..<(1 + Int(random.next() % 3))).map { _ in pick(Self.words) }.joined(separator: " ") }

    mutating func item(_ index: Int) -> GeneratedItem {
        GeneratedItem(
            id: "https://gen.example/item/\(index)/\(random.next() % 100_000)", title: phrase(),
            link: "https://gen.example/a/\(index)?p=\(random.next() % 1000)",
            // 1990 to 2030, whole seconds.
            published: 631_152_000 + Int64(random.next() % 1_262_304_000), summary: phrase(), author: phrase(),
            category: phrase(), enclosureLength: Int(random.next() % 10_000_000))
    }

    /// Text as XML character data, in one of the spellings that all mean the same text.
    mutating func xmlText(_ text: String) -> String {
        switch random.next() % 3 {
        case 0:
            return Self.escape(text)
        case 1:
            // Every non-ASCII scalar as a numeric reference, decimal or hex (astral ones included).
            let hex = chance(50)
            return text.unicodeScalars.map { scalar -> String in
                if scalar.isASCII { return Self.escape(String(scalar)) }
                return hex ? "&#x\(String(scalar.value, radix: 16));" : "&#\(scalar.value);"
            }.joined()
        default:
            return text.contains("]]>") ? Self.escape(text) : "<![CDATA[\(text)]]>"
        }
    }

    /// HTML carrying the text, as an RSS description or Atom html content holds it: the markup must
    /// go, the block elements must leave the words apart.
    mutating func htmlText(_ text: String) -> String {
        let words = text.split(separator: " ").map { Self.escape(String($0)) }
        let html = "<p>" + words.joined(separator: "</p><p>") + "</p><script>var x = 1;</script>"
        return chance(50) ? Self.escape(html) : "<![CDATA[\(html)]]>"
    }

    /// The instant in one of the date spellings the spec accepts, with a random zone.
    mutating func date(_ seconds: Int64, rfc822: Bool) -> String {
        let offsets: [(String, String, Int)] = [
            ("+0000", "+00:00", 0), ("-0500", "-05:00", -300), ("+0530", "+05:30", 330), ("+0100", "+01:00", 60),
            ("-0930", "-09:30", -570), ("GMT", "Z", 0), ("EST", "-05", -300), ("PDT", "+09", 540),
        ]
        let (rfcZone, isoZone, minutes) = pick(offsets)
        let local = Date(timeIntervalSince1970: TimeInterval(seconds + Int64(minutes * 60)))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        // EST and PDT name the offsets -5 and -7 hours.
        let rfcMinutes = rfcZone == "PDT" ? -420 : minutes
        if rfc822 {
            let rfcLocal = Date(timeIntervalSince1970: TimeInterval(seconds + Int64(rfcMinutes * 60)))
            formatter.dateFormat = pick(["EEE, dd MMM yyyy HH:mm:ss", "dd MMM yyyy HH:mm:ss", "EEE, d MMM yyyy HH:mm:ss"])
            return formatter.string(from: rfcLocal) + " " + rfcZone
        }
        formatter.dateFormat = pick(["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSS"])
        return formatter.string(from: local) + isoZone
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    // MARK: documents

    mutating func rss(version: String, items: [GeneratedItem]) -> String {
        let dc = pick(["dc", "d", "dublin"])
        let body = items.map { item -> String in
            var parts = [
                "<title>\(xmlText(item.title))</title>", "<link>\(Self.escape(item.link))</link>",
                "<guid isPermaLink=\"false\">\(Self.escape(item.id))</guid>",
                "<description>\(htmlText(item.summary))</description>",
                chance(50)
                    ? "<pubDate>\(date(item.published, rfc822: true))</pubDate>"
                    : "<\(dc):date>\(date(item.published, rfc822: false))</\(dc):date>",
                chance(50)
                    ? "<author>someone@newsroom.example (\(xmlText(item.author)))</author>"
                    : "<\(dc):creator>\(xmlText(item.author))</\(dc):creator>",
                chance(50) ? "<category>\(xmlText(item.category))</category>" : "<\(dc):subject>\(xmlText(item.category))</\(dc):subject>",
                "<enclosure url=\"\(Self.escape(item.link)).mp3\" length=\"\(item.enclosureLength)\" type=\"audio/mpeg\"/>",
            ]
            parts.shuffle(using: &random)
            return "<item>" + parts.joined() + "</item>"
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="\(version)" xmlns:\(dc)="http://purl.org/dc/elements/1.1/"><channel>
            <title>Generated</title><link>https://gen.example/</link><description>gen</description>
            \(body)
            </channel></rss>
            """
    }

    mutating func rdf(items: [GeneratedItem]) -> String {
        let dc = pick(["dc", "d"])
        let body = items.map { item -> String in
            """
            <item rdf:about="\(Self.escape(item.id))"><title>\(xmlText(item.title))</title><link>\(Self.escape(item.link))</link>\
            <description>\(htmlText(item.summary))</description><\(dc):date>\(date(item.published, rfc822: false))</\(dc):date>\
            <\(dc):creator>\(xmlText(item.author))</\(dc):creator><\(dc):subject>\(xmlText(item.category))</\(dc):subject></item>
            """
        }.joined(separator: "\n")
        return """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" \
            xmlns:\(dc)="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="https://gen.example/"><title>Generated</title><link>https://gen.example/</link></channel>
            \(body)
            </rdf:RDF>
            """
    }

    mutating func atom(version03: Bool, items: [GeneratedItem]) -> String {
        let prefix = pick(["", "a:"])
        let namespace = version03 ? "http://purl.org/atom/ns#" : "http://www.w3.org/2005/Atom"
        let declaration = prefix.isEmpty ? "xmlns=\"\(namespace)\"" : "xmlns:a=\"\(namespace)\""
        let body = items.map { item -> String in
            // The link is written relative to a nested xml:base that makes it whole again.
            let relative = String(item.link.dropFirst("https://gen.example/".count))
            let published = version03 ? "issued" : "published"
            let title: String
            switch random.next() % 3 {
            case 0: title = "<\(prefix)title type=\"text\">\(xmlText(item.title))</\(prefix)title>"
            case 1: title = "<\(prefix)title type=\"html\">\(htmlText(item.title))</\(prefix)title>"
            default:
                title = "<\(prefix)title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
                    + item.title.split(separator: " ").map { "<span>\(Self.escape(String($0)))</span>" }.joined(separator: " ")
                    + "</div></\(prefix)title>"
            }
            return """
                <\(prefix)entry xml:base="a/"><\(prefix)id> \(Self.escape(item.id)) </\(prefix)id>\(title)\
                <\(prefix)link rel="self" href="https://gen.example/self"/>\
                <\(prefix)link rel="alternate" type="application/pdf" href="x.pdf"/>\
                <\(prefix)link href="\(Self.escape(String(relative.dropFirst(2))))"/>\
                <\(prefix)link rel="enclosure" type="audio/mpeg" length="\(item.enclosureLength)" href="\(Self.escape(String(relative.dropFirst(2)))).mp3"/>\
                <\(prefix)\(published)>\(date(item.published, rfc822: false))</\(prefix)\(published)>\
                <\(prefix)summary type="html">\(htmlText(item.summary))</\(prefix)summary>\
                <\(prefix)author><\(prefix)name>\(xmlText(item.author))</\(prefix)name></\(prefix)author>\
                <\(prefix)category term="\(Self.escape(item.category))"/></\(prefix)entry>
                """
        }.joined(separator: "\n")
        let version = version03 ? " version=\"0.3\"" : ""
        return """
            <\(prefix)feed \(declaration)\(version) xml:base="https://gen.example/"><\(prefix)title>Generated</\(prefix)title>
            \(body)
            </\(prefix)feed>
            """
    }

    mutating func jsonFeed(version11: Bool, items: [GeneratedItem]) -> String {
        let objects = items.map { item -> [String: Any] in
            var object: [String: Any] = [
                "id": item.id, "url": item.link, "title": item.title,
                "date_published": date(item.published, rfc822: false),
                "summary": item.summary, "content_html": "<p>" + Self.escape(item.summary) + "</p>",
                "tags": [item.category],
                "attachments": [["url": item.link + ".mp3", "mime_type": "audio/mpeg", "size_in_bytes": item.enclosureLength]],
            ]
            if version11 { object["authors"] = [["name": item.author]] } else { object["author"] = ["name": item.author] }
            return object
        }
        let feed: [String: Any] = [
            "version": version11 ? "https://jsonfeed.org/version/1.1" : "https://jsonfeed.org/version/1",
            "title": "Generated", "home_page_url": "https://gen.example/", "items": objects,
        ]
        let data = try! JSONSerialization.data(withJSONObject: feed, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
