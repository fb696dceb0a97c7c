import Foundation
import FeedwatchModel

/// The one adapter from wire values to `Feed`: field priorities, text rules and link choice of
/// shared/spec/parse-json.md.
enum FeedAdapter {
    static func feed(from builder: XMLFeedBuilder, format: FeedFormat, version: String?) -> Feed {
        let wire = builder.feed
        let updated = flatten(wire.updated) ?? flatten(wire.dublinCoreDate) ?? flatten(wire.published)
        // Scheduling hints are RSS 0.91–2.0 channel elements; RDF and Atom define none.
        let isRSS = format == .rss
        return Feed(
            format: format, version: version, title: text(wire.title), link: pickLink(wire.links, fallback: nil),
            description: text(wire.summary), language: plain(wire.language), updated: date(updated),
            items: builder.entries.map { entry(from: $0, format: format) },
            ttlMinutes: isRSS ? builder.timeToLive : nil, skipHours: isRSS ? builder.skipHours : [],
            skipDays: isRSS ? builder.skipDays : [])
    }

    static func entry(from wire: WireContext, format: FeedFormat) -> Entry {
        var fallback: String? = nil
        if format == .rss || format == .rdf, let permalink = plain(wire.permalink), startsWithWebScheme(permalink) {
            fallback = permalink
        }
        let published = flatten(wire.published)
        let updated = flatten(wire.updated)
        let dublinCore = flatten(wire.dublinCoreDate)
        // Loops into arrays sized once, not `compactMap`: that grew its result from empty, a
        // reallocation at the second author or category of nearly every entry.
        var authors: [String] = []
        if !wire.authors.isEmpty {
            authors.reserveCapacity(wire.authors.count)
            for author in wire.authors {
                let name = (author.name?.isEmpty == false ? author.name : nil) ?? author.email
                if let text = looseText(name, format: format) { authors.append(text) }
            }
        }
        var categories: [String] = []
        if !wire.categories.isEmpty {
            categories.reserveCapacity(wire.categories.count)
            for category in wire.categories {
                let term = (category.term?.isEmpty == false ? category.term : nil) ?? category.label
                if let text = looseText(term, format: format) { categories.append(text) }
            }
        }
        let enclosures = wire.links.compactMap { link -> Enclosure? in
            guard link.relation == "enclosure", let url = plain(link.href) else { return nil }
            return Enclosure(url: url, type: plain(link.type), length: length(link.length))
        }
        return Entry(
            id: plain(wire.id), title: text(wire.title), link: pickLink(wire.links, fallback: fallback),
            published: date(published ?? dublinCore), updated: date(updated ?? (published == nil ? dublinCore : nil)),
            summary: text(wire.summary), content: wire.contents.first.flatMap { text($0) }, authors: authors,
            categories: categories, enclosures: enclosures)
    }

    /// The plain text of a text construct of the given content type (nil for binary types).
    static func text(_ value: WireText?) -> String? {
        guard let value else { return nil }
        if value.isPlainText { return value.value.isEmpty ? nil : value.value }
        // The common typed case (an RSS title), lower-case already: what the steps below would decide.
        if value.type == "text/plain" { return PlainText.collapse(value.value) }
        let type = value.type.isEmpty ? "text/plain" : value.type.lowercased()
        if isMarkup(type) { return PlainText.fromHTML(value.value) }
        if type.hasPrefix("text/") { return PlainText.collapse(value.value) }
        return nil
    }

    /// Whether `text` starts with `http://` or `https://` in any case of its letters.
    ///
    /// Read from the bytes, not from `lowercased()` (a new String per entry): no non-ASCII character
    /// lower-cases to one of the prefix's ASCII bytes, so comparing ASCII letters case-insensitively
    /// decides the same.
    static func startsWithWebScheme(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 7, bytes[0] | 0x20 == UInt8(ascii: "h"), bytes[1] | 0x20 == UInt8(ascii: "t"),
                bytes[2] | 0x20 == UInt8(ascii: "t"), bytes[3] | 0x20 == UInt8(ascii: "p")
            else { return false }
            let colon = bytes[4] | 0x20 == UInt8(ascii: "s") ? 5 : 4
            return colon + 3 <= bytes.count && bytes[colon] == UInt8(ascii: ":") && bytes[colon + 1] == UInt8(ascii: "/")
                && bytes[colon + 2] == UInt8(ascii: "/")
        }
    }

    /// Whether text of this (lower-cased) content type is markup whose plain text is wanted.
    static func isMarkup(_ type: String) -> Bool {
        type == "text/html" || type == "application/xhtml+xml" || type == "html" || type == "xhtml"
            || type.hasSuffix("+xml") || type.hasSuffix("/xml")
    }

    /// Untyped text (names, terms): read as HTML only when it looks like HTML, and never in Atom.
    static func looseText(_ value: String?, format: FeedFormat) -> String? {
        guard let value else { return nil }
        if format != .atom && PlainText.looksLikeHTML(value) { return PlainText.fromHTML(value) }
        return PlainText.collapse(value)
    }

    static func plain(_ value: String?) -> String? {
        guard let value else { return nil }
        let stripped = XMLFeedBuilder.strip(value)
        return stripped.isEmpty ? nil : stripped
    }

    static func flatten(_ value: Int64??) -> Int64? {
        guard let value else { return nil }
        return value
    }

    static func date(_ seconds: Int64?) -> Date? {
        seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    static func length(_ value: String?) -> Int? {
        guard let value = plain(value), value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(value)
    }

    /// The first alternate link typed as HTML (or untyped), else the first alternate, else `fallback`.
    static func pickLink(_ links: [WireLink], fallback: String?) -> String? {
        // One walk, no filtered copy of the links (this runs for every entry).
        var firstAlternate: String? = nil
        for link in links where link.relation == "alternate" {
            guard let href = plain(link.href) else { continue }
            guard let type = link.type else { return href }
            let normalized = XMLFeedBuilder.strip(type).lowercased()
            if normalized == "text/html" || normalized == "application/xhtml+xml" { return href }
            if firstAlternate == nil { firstAlternate = href }
        }
        return firstAlternate ?? fallback
    }
}
