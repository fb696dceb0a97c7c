/// A recursive-descent parser from query tokens to a `QueryNode` tree.
///
/// Grammar, loosest binding first (AND binds tighter than OR, as in most boolean search syntaxes):
///
///     query   := or END
///     or      := and ("OR" and)*
///     and     := unary (["AND"] unary)*          -- juxtaposition is AND
///     unary   := ("NOT" | "-") unary | near
///     near    := primary ("NEAR/N" primary)*
///     primary := SCOPE ":" primary | ("(" or ")" | WORD | "PHRASE") ["^" NUMBER]
///
/// Every error names the Character offset and what was expected there. Nesting is capped so that
/// no input, however hostile, can exhaust the stack.
enum QueryParser {
    /// The deepest nesting of groups, negations and scopes accepted.
    static let maximumDepth = 64
    /// The shortest stem a `*` prefix may have: one letter would match half the dictionary.
    static let minimumPrefixLength = 2

    /// Parses a whole query: through its scalars when each is a Character of its own (nearly every
    /// query; see `QueryUnit`), else through its Characters. Both give the same tree and errors.
    static func parse(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        if let scalars = Unicode.Scalar.singleScalarCharacters(query) {
            return try QueryDescent.parse(scalars)
        }
        return try QueryDescent.parse(Array(query))
    }

    /// Parses a whole query through its Characters, whatever it holds (tests compare both ways).
    static func parseCharacters(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        try QueryDescent.parse(Array(query))
    }

    /// Text with each run of whitespace as one space: queries folded over several YAML lines keep
    /// their line breaks, which have no place in a one-line explanation.
    static func singleLine(_ text: String) -> String {
        // When every scalar is a Character of its own (nearly always), runs of whitespace scalars are
        // runs of whitespace Characters: collapsed scalar by scalar into UTF-8, without Character
        // breaking and its property lookups (most of checking the default topics' queries, which
        // span YAML lines, at start-up: callgrind).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var isChanged = false
        for scalar in text.unicodeScalars {
            guard scalar.standsAlone else { return text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            if scalar.isWhitespace {
                // Anything but one space between two words is a change.
                isChanged = isChanged || pendingSpace || bytes.isEmpty || scalar != " "
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                bytes.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return isChanged || pendingSpace ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// `es` for `es-EC`, lower-cased.
    static func primaryLanguage(of tag: String) -> String {
        // A feed's declared language is asked for with every entry it brings, and is nearly always
        // a plain code (`en`): lower-casing and splitting it cost more than the rest of detecting
        // the language. Lower-case ASCII letters alone are their own answer.
        if tag.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) { return tag }
        return String(tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation when there is nothing to trim:
    /// that set holds tab and space separators, none of them an ASCII letter, digit or sign other
    /// than space and tab, nor alphabetic.
    static func trimmingWhitespaces(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        func keeps(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar != " " && scalar != "\t" : scalar.properties.isAlphabetic
        }
        if keeps(first), keeps(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// The recursive descent of `QueryParser` over a query's Characters as `Unit`s (see `QueryUnit`).
struct QueryDescent<Unit: QueryUnit> {
    /// The tokens, ending with `.end`.
    private let tokens: [QueryToken]
    /// The query's Characters, to slice terms as written.
    private let characters: [Unit]
    /// Index of the next token.
    private var position = 0
    /// Current nesting depth.
    private var depth = 0

    /// Parses a whole query given as its Characters.
    static func parse(_ characters: [Unit]) throws(QuerySyntaxError) -> QueryNode {
        var parser = QueryDescent(tokens: try QueryLexer.tokens(of: characters), characters: characters)
        return try parser.parseQuery()
    }

    /// Creates a parser over lexed tokens.
    private init(tokens: [QueryToken], characters: [Unit]) {
        self.tokens = tokens
        self.characters = characters
    }

    /// The next token.
    private var current: QueryToken { tokens[position] }

    /// Whether a token can begin an operand (and so continues an implicit AND).
    private static func startsOperand(_ kind: QueryToken.Kind) -> Bool {
        switch kind {
        case .word, .phrase, .field, .minus, .not, .leftParenthesis: true
        default: false
        }
    }

    /// query := or END
    mutating func parseQuery() throws(QuerySyntaxError) -> QueryNode {
        if case .end = current.kind {
            throw QuerySyntaxError(offset: 0, message: "expected a word, phrase or '(', found an empty query")
        }
        let node = try parseOr(defaultFields: QueryField.defaultFields)
        switch current.kind {
        case .end:
            return node
        case .rightParenthesis:
            throw QuerySyntaxError(offset: current.offset, message: "found ')' without a matching '('")
        default:
            throw QuerySyntaxError(
                offset: current.offset, message: "expected an operator or end of query, found \(current.described)")
        }
    }

    /// or := and ("OR" and)*
    private mutating func parseOr(defaultFields: FieldSet) throws(QuerySyntaxError) -> QueryNode {
        var children = [try parseAnd(defaultFields: defaultFields)]
        while case .or = current.kind {
            position += 1
            children.append(try parseAnd(defaultFields: defaultFields, after: "'OR'"))
        }
        return children.count == 1 ? children[0] : .any(children)
    }

    /// and := unary (["AND"] unary)*
    private mutating func parseAnd(defaultFields: FieldSet, after: String? = nil) throws(QuerySyntaxError)
        -> QueryNode
    {
        var children = [try parseUnary(defaultFields: defaultFields, after: after)]
        while true {
            if case .and = current.kind {
                position += 1
                children.append(try parseUnary(defaultFields: defaultFields, after: "'AND'"))
            } else if Self.startsOperand(current.kind) {
                children.append(try parseUnary(defaultFields: defaultFields))
            } else {
                break
            }
        }
        return children.count == 1 ? children[0] : .all(children)
    }

    /// unary := ("NOT" | "-") unary | near
    private mutating func parseUnary(defaultFields: FieldSet, after: String? = nil) throws(QuerySyntaxError)
        -> QueryNode
    {
        switch current.kind {
        case .not, .minus:
            let operatorText = current.kind == .not ? "'NOT'" : "'-'"
            position += 1
            try enter()
            defer { depth -= 1 }
            return .not(try parseUnary(defaultFields: defaultFields, after: operatorText))
        default:
            return try parseNear(defaultFields: defaultFields, after: after)
        }
    }

    /// near := primary ("NEAR/N" primary)*
    private mutating func parseNear(defaultFields: FieldSet, after: String?) throws(QuerySyntaxError) -> QueryNode {
        let start = current.offset
        var node = try parsePrimary(defaultFields: defaultFields, after: after)
        while case .near(let distance) = current.kind {
            let operatorToken = current
            position += 1
            try checkNearOperand(node, at: start)
            let rightStart = current.offset
            let right = try parsePrimary(defaultFields: defaultFields, after: "'NEAR/\(distance)'")
            try checkNearOperand(right, at: rightStart)
            if case .near = node {
                throw QuerySyntaxError(
                    offset: operatorToken.offset,
                    message: "found a second 'NEAR' in a row, expected parentheses to group one 'NEAR' as an operand of"
                        + " AND instead")
            }
            let text = QueryParser.singleLine(Unit.string(characters[start..<tokens[position - 1].endOffset]))
            node = .near(node, right, distance: distance, text: text)
        }
        return node
    }

    /// A NEAR operand must be a term or an OR of terms, since it has to have positions.
    private func checkNearOperand(_ node: QueryNode, at offset: Int) throws(QuerySyntaxError) {
        let isValid: Bool
        switch node {
        case .term: isValid = true
        case .near: isValid = true  // reported separately with a better message
        case .any(let children):
            isValid = children.allSatisfy { if case .term = $0 { true } else { false } }
        default: isValid = false
        }
        if !isValid {
            throw QuerySyntaxError(
                offset: offset,
                message: "expected a word, a phrase or a group of words joined by OR as an operand of 'NEAR'")
        }
    }

    /// primary := SCOPE ":" primary | ("(" or ")" | WORD | "PHRASE") ["^" NUMBER]
    private mutating func parsePrimary(defaultFields: FieldSet, after: String?) throws(QuerySyntaxError)
        -> QueryNode
    {
        let token = current
        switch token.kind {
        case .word(let text):
            position += 1
            return boosted(.term(try term(word: text, token: token, fields: defaultFields)), from: token)
        case .phrase(let text):
            position += 1
            return boosted(.term(try term(phrase: text, token: token, fields: defaultFields)), from: token)
        case .field(let name):
            position += 1
            try enter()
            defer { depth -= 1 }
            if name.lowercased() == "lang" {
                guard case .word(let code) = current.kind,
                    code.count >= 2, code.count <= 8, code.allSatisfy({ $0.isLetter || $0 == "-" })
                else {
                    throw QuerySyntaxError(
                        offset: current.offset,
                        message: "expected a language code such as 'en' or 'es' after 'lang:', found \(current.described)")
                }
                position += 1
                return .language(QueryParser.primaryLanguage(of: code))
            }
            let field = QueryField(name: name)!  // the lexer only emits known scope names
            return try parsePrimary(defaultFields: FieldSet(field), after: "'\(name):'")
        case .leftParenthesis:
            position += 1
            try enter()
            defer { depth -= 1 }
            let inner = try parseOr(defaultFields: defaultFields, after: "'('")
            guard case .rightParenthesis = current.kind else {
                throw QuerySyntaxError(
                    offset: current.offset,
                    message: "expected ')' to close '(' at \(token.offset), found \(current.described)")
            }
            position += 1
            return boosted(inner, from: token)
        default:
            let context = after.map { " after \($0)" } ?? ""
            throw QuerySyntaxError(
                offset: token.offset,
                message: "expected a word, phrase or '('\(context), found \(token.described)")
        }
    }

    /// `node` with the boost that follows it, if one does (the lexer only lets `^N` touch a word, a
    /// phrase or `)`). A boosted term's text, as explanations show it, keeps its `^N` as written.
    private mutating func boosted(_ node: QueryNode, from start: QueryToken) -> QueryNode {
        guard case .boost(let factor) = current.kind else { return node }
        let boostToken = current
        position += 1
        guard case .term(var term) = node else { return node.boosted(by: factor) }
        term.boost *= factor
        term.text += Unit.string(characters[boostToken.offset..<boostToken.endOffset])
        return .term(term)
    }

    /// Counts one more level of nesting, refusing past the cap.
    private mutating func enter() throws(QuerySyntaxError) {
        depth += 1
        if depth > QueryParser.maximumDepth {
            throw QuerySyntaxError(
                offset: current.offset,
                message: "expected at most \(QueryParser.maximumDepth) nested groups, negations or scopes")
        }
    }

    /// `parseOr` with an explicit context for the first operand's error message.
    private mutating func parseOr(defaultFields: FieldSet, after: String) throws(QuerySyntaxError) -> QueryNode {
        var children = [try parseAnd(defaultFields: defaultFields, after: after)]
        while case .or = current.kind {
            position += 1
            children.append(try parseAnd(defaultFields: defaultFields, after: "'OR'"))
        }
        return children.count == 1 ? children[0] : .any(children)
    }

    /// A bare word (maybe a prefix) as a term.
    private func term(word: String, token: QueryToken, fields: FieldSet) throws(QuerySyntaxError) -> QueryTerm {
        let words = try analyze(word, at: token.offset)
        return QueryTerm(text: word, words: words, isExact: false, fields: fields, offset: token.offset)
    }

    /// A quoted phrase as a term: each of its words may end in `*`.
    private func term(phrase: String, token: QueryToken, fields: FieldSet) throws(QuerySyntaxError) -> QueryTerm {
        var words: [QueryWord] = []
        var offset = token.offset + 1
        // The phrase's Characters between its quotes, split at each " " as `phrase.split` would.
        for piece in characters[(token.offset + 1)..<(token.endOffset - 1)].split(
            omittingEmptySubsequences: false, whereSeparator: { $0.isScalar(" ") })
        {
            defer { offset += piece.count + 1 }
            let trimmed = QueryParser.trimmingWhitespaces(Unit.string(piece))
            if trimmed.isEmpty { continue }
            words += try analyze(trimmed, at: offset)
        }
        guard !words.isEmpty else {
            throw QuerySyntaxError(
                offset: token.offset, message: "expected a word inside the phrase at \(token.offset), found none")
        }
        let text = QueryParser.singleLine(Unit.string(characters[token.offset..<token.endOffset]))
        return QueryTerm(text: text, words: words, isExact: true, fields: fields, offset: token.offset)
    }

    /// The analysed words of one written word; a trailing `*` makes the last one a prefix.
    private func analyze(_ written: some StringProtocol, at offset: Int) throws(QuerySyntaxError) -> [QueryWord] {
        var text = String(written)
        // A Character "*" is the scalar "*": text without that byte has no star to look for.
        let isPrefix = text.utf8.last == UInt8(ascii: "*") && text.hasSuffix("*")
        if isPrefix { text.removeLast() }
        if text.utf8.contains(UInt8(ascii: "*")), let star = text.firstIndex(of: "*") {
            throw QuerySyntaxError(
                offset: offset + text.distance(from: text.startIndex, to: star),
                message: "found '*' inside '\(written)', expected it only at the end of a word")
        }
        var words = TextAnalyzer.tokens(of: text).filter { !$0.isJoinedForm }.map {
            QueryWord(surface: $0.surface, isPrefix: false)
        }
        guard !words.isEmpty else {
            throw QuerySyntaxError(offset: offset, message: "found '\(written)', expected a word with letters or digits")
        }
        if isPrefix {
            // `*` must follow the word directly: `covid-*` or `trade. *` would silently mean something else.
            guard let last = text.last, last.isLetter || last.isNumber else {
                throw QuerySyntaxError(
                    offset: offset + text.count, message: "found '*' after '\(text)', expected it right after a letter")
            }
            guard words[words.count - 1].surface.count >= QueryParser.minimumPrefixLength else {
                throw QuerySyntaxError(
                    offset: offset,
                    message: "expected at least \(QueryParser.minimumPrefixLength) letters before '*' in '\(written)'")
            }
            words[words.count - 1].isPrefix = true
        }
        return words
    }
}
