/// One lexical token of a topic query, with where it starts (in Characters).
struct QueryToken: Sendable, Hashable {
    /// What kind of token it is.
    enum Kind: Sendable, Hashable {
        /// A bare word as written, possibly ending in `*`.
        case word(String)
        /// The inside of a quoted phrase.
        case phrase(String)
        /// A field scope such as `title:` (the name as written, without the colon).
        case field(String)
        /// `-` directly before a word, phrase, scope or group: NOT.
        case minus
        case and, or, not
        /// `NEAR/N` (a bare `NEAR` means `NEAR/5`).
        case near(Int)
        /// `^N` right after a word, phrase or `)`: the evidence it gives counts N times.
        case boost(Double)
        case leftParenthesis, rightParenthesis
        case end
    }

    /// The kind, with its payload.
    var kind: Kind
    /// Character offset of the token's first character.
    var offset: Int
    /// Character offset just past the token.
    var endOffset: Int

    /// How an error message names this token ("'OR'", "word 'tariff'", "end of query").
    var described: String {
        switch kind {
        case .word(let text): "word '\(text)'"
        case .phrase(let text): "phrase \"\(text)\""
        case .field(let name): "'\(name):'"
        case .minus: "'-'"
        case .and: "'AND'"
        case .or: "'OR'"
        case .not: "'NOT'"
        case .near(let distance): "'NEAR/\(distance)'"
        case .boost(let factor): "'^\(factor)'"
        case .leftParenthesis: "'('"
        case .rightParenthesis: "')'"
        case .end: "end of query"
        }
    }
}
