import FeedwatchXML

/// The attribute values of one start tag that the feed builder reads, by the key feed readers know
/// them under (standard-prefixed name, or the qualified name as written).
///
/// A fixed set of slots instead of a dictionary: a start tag's attributes are read once, and only
/// the few the builder gives meaning to become Strings. Where two attributes land on one key, the
/// later one wins, as it would in a dictionary filled in document order.
struct StartAttributes {
    /// The keys the builder reads.
    enum Key: Int, CaseIterable {
        case xmlBase, base, xmlLanguage, language, version, about, type, mode, term, scheme, domain, label, relation
        case url, uri, href, length, isPermaLink

        /// Key name (standard prefix + lower-cased local name) → key.
        static let byName: [String: Key] = [
            "xml:base": .xmlBase, "base": .base, "xml:lang": .xmlLanguage, "lang": .language, "version": .version,
            "rdf:about": .about, "type": .type, "mode": .mode, "term": .term, "scheme": .scheme, "domain": .domain,
            "label": .label, "rel": .relation, "url": .url, "uri": .uri, "href": .href, "length": .length,
            "ispermalink": .isPermaLink,
        ]
    }

    /// What one attribute name (by its parse-wide identifier) stands for.
    struct NameRoles {
        /// The key of its standard-prefixed name; its value is lower-cased for `rel` and `type`.
        var key: Key?
        /// The key of its qualified name as written, when that differs; its value is kept as written.
        /// A qualified name always has a prefix, so this is never `type` or `rel`.
        var qualifiedKey: Key?
    }

    /// The start tag the values are read from (valid only during its `startElement` call, like this value).
    private let tag: XMLStartTag?
    /// For each key, the index of the attribute that holds its value, -1 when none: the values stay
    /// in libxml2's arrays and become Strings only when read, so a key nobody reads costs nothing.
    private var slots = SIMD32<Int16>(repeating: -1)

    /// Whether the tag had no attributes at all (not only none the builder reads).
    private(set) var isEmpty = true

    /// Attributes of `tag`, none set yet.
    init(_ tag: XMLStartTag) {
        self.tag = tag
    }

    /// No attributes.
    init() {
        self.tag = nil
    }

    /// Marks the tag as having attributes, even when none of them has a key.
    mutating func noteAttribute() { isEmpty = false }

    /// Records that the attribute at `index` holds the value of `key`, replacing an earlier attribute's.
    mutating func set(_ key: Key, attributeIndex index: Int) {
        slots[key.rawValue] = Int16(truncatingIfNeeded: index)
    }

    private func value(_ key: Key) -> String? {
        let index = slots[key.rawValue]
        guard index >= 0, let tag else { return nil }
        return tag.attributeValue(at: Int(index))
    }

    var xmlBase: String? { value(.xmlBase) }
    var base: String? { value(.base) }
    var xmlLanguage: String? { value(.xmlLanguage) }
    var language: String? { value(.language) }
    var version: String? { value(.version) }
    var about: String? { value(.about) }
    /// Lower-cased (only ever set from the standard-prefixed name; see `NameRoles`).
    var type: String? { value(.type)?.lowercased() }
    var mode: String? { value(.mode) }
    var term: String? { value(.term) }
    var scheme: String? { value(.scheme) }
    var domain: String? { value(.domain) }
    var label: String? { value(.label) }
    /// Lower-cased (only ever set from the standard-prefixed name; see `NameRoles`).
    var relation: String? { value(.relation)?.lowercased() }
    var url: String? { value(.url) }
    var uri: String? { value(.uri) }
    var href: String? { value(.href) }
    var length: String? { value(.length) }
    var isPermaLink: String? { value(.isPermaLink) }
}
