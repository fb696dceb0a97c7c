// FeedwatchModel: the values every stage hands on. No I/O, no C, no dependencies.
//
// Parse produces `Feed` (with its `Entry` items); Classify produces `Match` values for an entry;
// the store turns a new (entry, match) into an `Alert` that notify delivers and digest groups.
import Foundation

/// The syntax family a feed document was written in.
public enum FeedFormat: String, Sendable, Codable, Hashable {
    case rss, rdf, atom, json
}

/// One parsed feed document, normalized as `shared/spec/parse-json.md` describes.
public struct Feed: Sendable, Hashable, Codable {
    /// The syntax family.
    public var format: FeedFormat
    /// The format version (`"2.0"`, `"1.0"`, `"0.3"`, `"1.1"`...), nil when the document names none.
    public var version: String?
    /// Plain-text feed title.
    public var title: String?
    /// Absolute URL of the site the feed belongs to.
    public var link: String?
    /// Plain-text description or subtitle.
    public var description: String?
    /// Language tag as the feed gives it (not normalised).
    public var language: String?
    /// When the feed says it last changed.
    public var updated: Date?
    /// Items in document order.
    public var items: [Entry]
    /// RSS `<ttl>`: minutes the feed may be cached before it is fetched again; nil when absent or not
    /// a non-negative integer (and always nil outside RSS 0.91–2.0).
    public var ttlMinutes: Int?
    /// RSS `<skipHours>`: the UTC hours (0–23) in which the feed asks not to be fetched, in document
    /// order without repeats (24 is read as 0, other values outside 0–23 are dropped).
    public var skipHours: [Int]
    /// RSS `<skipDays>`: the days on which the feed asks not to be fetched, as the English names
    /// `Monday`…`Sunday`, in document order without repeats (unknown names are dropped).
    public var skipDays: [String]

    /// Creates a feed value.
    public init(
        format: FeedFormat, version: String? = nil, title: String? = nil, link: String? = nil,
        description: String? = nil, language: String? = nil, updated: Date? = nil, items: [Entry] = [],
        ttlMinutes: Int? = nil, skipHours: [Int] = [], skipDays: [String] = []
    ) {
        self.format = format
        self.version = version
        self.title = title
        self.link = link
        self.description = description
        self.language = language
        self.updated = updated
        self.items = items
        self.ttlMinutes = ttlMinutes
        self.skipHours = skipHours
        self.skipDays = skipDays
    }
}

/// One item (RSS item, Atom entry, JSON Feed item) with plain-text fields and absolute URLs.
public struct Entry: Sendable, Hashable, Codable {
    /// The identifier as the feed gives it (guid, atom:id, rdf:about, JSON id); never synthesized.
    public var id: String?
    /// Plain-text title.
    public var title: String?
    /// Absolute URL of the item's HTML page.
    public var link: String?
    /// When it was first published.
    public var published: Date?
    /// When it was last updated.
    public var updated: Date?
    /// Plain-text summary (never copied from content).
    public var summary: String?
    /// Plain-text full content.
    public var content: String?
    /// Author names, the item's own.
    public var authors: [String]
    /// Category terms.
    public var categories: [String]
    /// Attached media.
    public var enclosures: [Enclosure]

    /// Creates an entry value.
    public init(
        id: String? = nil, title: String? = nil, link: String? = nil, published: Date? = nil,
        updated: Date? = nil, summary: String? = nil, content: String? = nil, authors: [String] = [],
        categories: [String] = [], enclosures: [Enclosure] = []
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.summary = summary
        self.content = content
        self.authors = authors
        self.categories = categories
        self.enclosures = enclosures
    }
}

/// A media attachment of an entry.
public struct Enclosure: Sendable, Hashable, Codable {
    /// Absolute URL of the media.
    public var url: String
    /// MIME type, nil when the feed gives none (never invented).
    public var type: String?
    /// Length in bytes, nil unless a non-negative integer.
    public var length: Int?

    /// Creates an enclosure value.
    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
