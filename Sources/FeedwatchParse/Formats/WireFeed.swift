/// The raw values one XML feed document gives, before normalization into `Feed`: text with its
/// content type, dates already parsed, links with their relation. One `WireContext` for the
/// channel/feed and one per item/entry.
struct WireText {
    /// The text after XML decoding (still markup when `type` is an HTML type, unless `isPlainText`).
    var value: String
    /// The content type in force for it (`text/plain`, `text/html`, `application/xhtml+xml`...).
    var type: String
    /// Whether `value` is already the plain text of markup (converted while collecting).
    var isPlainText = false

    init(value: String, type: String) {
        self.value = value
        self.type = type
    }

    /// Markup already converted to plain text (nil: none was left).
    init(plainText: String?, type: String) {
        self.value = plainText ?? ""
        self.type = type
        self.isPlainText = true
    }
}

/// A link or enclosure as a start tag (or `<link>` text) gave it.
struct WireLink {
    var relation: String
    /// nil when the element had no `type` attribute (a type is never invented).
    var type: String?
    var href: String?
    var length: String?
}

/// An author's parts.
struct WireAuthor {
    var name: String?
    var email: String?
    var hasOtherDetail = false
    var isEmpty: Bool { name == nil && email == nil && !hasOtherDetail }
}

/// A category as given: term, scheme (or domain), label.
struct WireCategory: Equatable {
    var term: String?
    var scheme: String?
    var label: String?
}

/// The fields of the feed or of one entry.
struct WireContext {
    var id: String?
    var title: WireText?
    var summary: WireText?
    var contents: [WireText] = []
    var language: String?
    var published: Int64??
    var updated: Int64??
    var dublinCoreDate: Int64??
    var permalink: String?
    var authorText: String?
    var authors: [WireAuthor] = []
    var categories: [WireCategory] = []
    var links: [WireLink] = []
    /// The element depth each stored property came from (a deeper duplicate does not override).
    var propertyDepths = PropertyDepths()
}

/// The element depth each entry property was last stored from, in fixed slots: only the
/// properties `XMLFeedBuilder` stores have one (for any other the depth decides nothing).
struct PropertyDepths {
    private var title = Int.max
    private var summary = Int.max
    private var subtitle = Int.max
    private var id = Int.max
    private var language = Int.max
    private var author = Int.max

    enum Slot { case title, summary, subtitle, id, language, author }

    /// The slot of a property the builder stores, nil for the others.
    static func slot(_ property: FieldCode) -> Slot? {
        switch property {
        case .title: return .title
        case .summary: return .summary
        case .subtitle: return .subtitle
        case .id: return .id
        case .language: return .language
        case .author: return .author
        default: return nil
        }
    }

    /// Whether a value from `depth` may be stored (none yet, or not deeper than the last one);
    /// if so, records `depth` as the slot's.
    mutating func admits(_ slot: Slot, depth: Int) -> Bool {
        switch slot {
        case .title: return Self.admit(&title, depth)
        case .summary: return Self.admit(&summary, depth)
        case .subtitle: return Self.admit(&subtitle, depth)
        case .id: return Self.admit(&id, depth)
        case .language: return Self.admit(&language, depth)
        case .author: return Self.admit(&author, depth)
        }
    }

    private static func admit(_ recorded: inout Int, _ depth: Int) -> Bool {
        guard depth <= recorded else { return false }
        recorded = depth
        return true
    }
}
