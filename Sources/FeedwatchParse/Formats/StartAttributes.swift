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
        var qualifiedKey: Key?
    }

    /// Whether the tag had no attributes at all (not only none the builder reads).
    private(set) var isEmpty = true
    private(set) var xmlBase: String?
    private(set) var base: String?
    private(set) var xmlLanguage: String?
    private(set) var language: String?
    private(set) var version: String?
    private(set) var about: String?
    private(set) var type: String?
    private(set) var mode: String?
    private(set) var term: String?
    private(set) var scheme: String?
    private(set) var domain: String?
    private(set) var label: String?
    private(set) var relation: String?
    private(set) var url: String?
    private(set) var uri: String?
    private(set) var href: String?
    private(set) var length: String?
    private(set) var isPermaLink: String?

    /// Marks the tag as having attributes, even when none of them has a key.
    mutating func noteAttribute() { isEmpty = false }

    /// Stores `value` under `key`, replacing an earlier attribute's.
    mutating func set(_ key: Key, _ value: String) {
        switch key {
        case .xmlBase: xmlBase = value
        case .base: base = value
        case .xmlLanguage: xmlLanguage = value
        case .language: language = value
        case .version: version = value
        case .about: about = value
        case .type: type = value
        case .mode: mode = value
        case .term: term = value
        case .scheme: scheme = value
        case .domain: domain = value
        case .label: label = value
        case .relation: relation = value
        case .url: url = value
        case .uri: uri = value
        case .href: href = value
        case .length: length = value
        case .isPermaLink: isPermaLink = value
        }
    }
}
