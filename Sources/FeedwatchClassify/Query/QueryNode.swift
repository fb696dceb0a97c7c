/// One word of a query term after analysis.
struct QueryWord: Sendable, Hashable {
    /// The folded surface form (without the `*`).
    var surface: String
    /// True when written with a trailing `*`: matches any word starting with `surface`.
    var isPrefix: Bool
}

/// A leaf of a query: a bare word, a prefix, or a quoted phrase, with the fields it searches.
struct QueryTerm: Sendable, Hashable {
    /// The term as written in the query, without its field scope (`migra*`, `"trade deal"`).
    var text: String
    /// Its words after analysis; more than one for a phrase or a compound like `US-Ecuador`.
    var words: [QueryWord]
    /// True for quoted terms: words compare as folded surface forms, not stems.
    var isExact: Bool
    /// The fields it searches.
    var fields: FieldSet
    /// Character offset of the term in the query.
    var offset: Int
    /// How much its evidence counts: `^N` on the term or on a group around it (1 when unboosted).
    var boost: Double = 1
}

/// The parsed form of a topic query (evaluation lives in `CompiledTopic`, apart from parsing).
indirect enum QueryNode: Sendable, Hashable {
    /// A word, prefix or phrase.
    case term(QueryTerm)
    /// `lang:CODE`: the entry's language is CODE.
    case language(String)
    /// Every child matches (implicit or explicit AND).
    case all([QueryNode])
    /// At least one child matches (OR).
    case any([QueryNode])
    /// The child does not match (NOT or `-`).
    case not(QueryNode)
    /// Both sides occur in one field within `distance` words of each other; each side is a term or an
    /// OR of terms. `text` is the whole expression as written.
    case near(QueryNode, QueryNode, distance: Int, text: String)

    /// The same tree with every term's boost multiplied by `factor` (`(a OR b)^2` boosts a and b).
    func boosted(by factor: Double) -> QueryNode {
        switch self {
        case .term(var term):
            term.boost *= factor
            return .term(term)
        case .language: return self
        case .all(let children): return .all(children.map { $0.boosted(by: factor) })
        case .any(let children): return .any(children.map { $0.boosted(by: factor) })
        case .not(let child): return .not(child.boosted(by: factor))
        case .near(let left, let right, let distance, let text):
            return .near(left.boosted(by: factor), right.boosted(by: factor), distance: distance, text: text)
        }
    }
}
