/// Splits a topic query into tokens; works on Characters so error offsets count what a user sees.
struct QueryLexer {
    /// The distance a bare `NEAR` stands for.
    static let defaultNearDistance = 5
    /// The largest distance `NEAR/N` accepts.
    static let maximumNearDistance = 100
    /// Names that may precede `:` as a scope (`lang:` is not an entry field but a scope all the same).
    static let scopeNames = QueryField.allCases.map(\.name) + ["lang"]

    /// The query's characters.
    private let characters: [Character]

    /// Creates a lexer over a query.
    init(_ query: String) {
        characters = Array(query)
    }

    /// Whether a character opens or closes a quoted phrase (straight or typographic quotes).
    static func isQuote(_ character: Character) -> Bool {
        character == "\"" || character == "\u{201C}" || character == "\u{201D}" || character == "\u{201E}"
    }

    /// Whether a character ends a bare word.
    private static func endsWord(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")" || isQuote(character)
    }

    /// The tokens of the query, ending with `.end`.
    func tokens() throws(QuerySyntaxError) -> [QueryToken] {
        var result: [QueryToken] = []
        var index = 0
        // `-` means NOT only where a new operand can start: at the beginning, after a space, `(` or a scope.
        var operandMayStart = true
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                operandMayStart = true
                continue
            }
            let start = index
            if character == "(" {
                result.append(QueryToken(kind: .leftParenthesis, offset: start, endOffset: start + 1))
                index += 1
                operandMayStart = true
                continue
            }
            if character == ")" {
                result.append(QueryToken(kind: .rightParenthesis, offset: start, endOffset: start + 1))
                index += 1
                operandMayStart = false
                continue
            }
            if Self.isQuote(character) {
                var cursor = index + 1
                while cursor < characters.count, !Self.isQuote(characters[cursor]) { cursor += 1 }
                guard cursor < characters.count else {
                    throw QuerySyntaxError(
                        offset: characters.count,
                        message: "expected '\"' to close the phrase opened at \(start), found end of query")
                }
                let text = String(characters[(index + 1)..<cursor])
                result.append(QueryToken(kind: .phrase(text), offset: start, endOffset: cursor + 1))
                index = cursor + 1
                operandMayStart = false
                continue
            }
            if character == "-", operandMayStart {
                let next = index + 1
                guard next < characters.count, !characters[next].isWhitespace, characters[next] != ")" else {
                    throw QuerySyntaxError(
                        offset: next,
                        message: "expected a word, phrase or '(' after '-', found "
                            + (next < characters.count ? "'\(characters[next])'" : "end of query"))
                }
                result.append(QueryToken(kind: .minus, offset: start, endOffset: next))
                index = next
                operandMayStart = true
                continue
            }
            var cursor = index
            while cursor < characters.count, !Self.endsWord(characters[cursor]) { cursor += 1 }
            let word = String(characters[index..<cursor])
            if let colon = word.firstIndex(of: ":") {
                let name = String(word[..<colon])
                if Self.scopeNames.contains(name.lowercased()) {
                    let nameLength = name.count
                    result.append(QueryToken(kind: .field(name), offset: start, endOffset: start + nameLength + 1))
                    index = start + nameLength + 1
                    operandMayStart = true
                    continue
                }
                if !name.isEmpty, name.allSatisfy(\.isLetter) {
                    throw QuerySyntaxError(
                        offset: start,
                        message: "unknown field '\(name):', expected one of "
                            + Self.scopeNames.map { "\($0):" }.joined(separator: ", "))
                }
            }
            result.append(QueryToken(kind: try kind(ofWord: word, at: start), offset: start, endOffset: cursor))
            index = cursor
            operandMayStart = false
        }
        result.append(QueryToken(kind: .end, offset: characters.count, endOffset: characters.count))
        return result
    }

    /// The token kind of a bare word: an operator if it spells one in capitals, else a word.
    private func kind(ofWord word: String, at offset: Int) throws(QuerySyntaxError) -> QueryToken.Kind {
        switch word {
        case "OR": return .or
        case "AND": return .and
        case "NOT": return .not
        case "NEAR": return .near(Self.defaultNearDistance)
        default: break
        }
        guard word.hasPrefix("NEAR/") else { return .word(word) }
        let digits = word.dropFirst("NEAR/".count)
        guard let distance = Int(digits), (1...Self.maximumNearDistance).contains(distance) else {
            throw QuerySyntaxError(
                offset: offset + "NEAR/".count,
                message: "expected a distance from 1 to \(Self.maximumNearDistance) after 'NEAR/', found "
                    + (digits.isEmpty ? "nothing" : "'\(digits)'"))
        }
        return .near(distance)
    }
}
