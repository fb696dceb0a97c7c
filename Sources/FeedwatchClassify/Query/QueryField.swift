/// An entry field a query term can be scoped to (`title:`, `summary:`...).
enum QueryField: Int, CaseIterable, Sendable, Hashable {
    case title, summary, content, author, category, link, feed

    /// The name used in queries and in match explanations.
    var name: String {
        switch self {
        case .title: "title"
        case .summary: "summary"
        case .content: "content"
        case .author: "author"
        case .category: "category"
        case .link: "link"
        case .feed: "feed"
        }
    }

    /// How much one piece of evidence in this field counts: where an editor puts a word says how
    /// central it is, so the title outweighs the summary, which outweighs the body.
    var weight: Double {
        switch self {
        case .title: 3
        case .summary: 2
        case .category: 1.5
        case .content, .author, .link, .feed: 1
        }
    }

    /// The fields an unscoped term searches: the item's own words, not its metadata.
    static let defaultFields: FieldSet = [.title, .summary, .content, .category]

    /// The field named `name` in a query (case-insensitive), nil for unknown names.
    init?(name: String) {
        guard let field = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = field
    }
}

/// A set of entry fields as a bit mask (cheap to test per occurrence).
struct FieldSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    /// The set holding only `field`.
    init(_ field: QueryField) { rawValue = 1 << UInt8(field.rawValue) }

    /// Creates a set from its bit mask.
    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let title = FieldSet(.title)
    static let summary = FieldSet(.summary)
    static let content = FieldSet(.content)
    static let category = FieldSet(.category)
}
