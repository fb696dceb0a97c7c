/// Splits a topic query into tokens; offsets count Characters, what a user sees.
enum QueryLexer {
    /// The distance a bare `NEAR` stands for.
    static let defaultNearDistance = 5
    /// The largest distance `NEAR/N` accepts.
    static let maximumNearDistance = 100
    /// The largest boost `^N` accepts.
    static let maximumBoost = 100.0
    /// Names that may precede `:` as a scope (`lang:` is not an entry field but a scope all the same).
    static let scopeNames = QueryField.allCases.map(\.name) + ["lang"]

    /// The tokens of a query given as its Characters (see `QueryUnit`), ending with `.end`.
    static func tokens<Unit: QueryUnit>(of characters: [Unit]) throws(QuerySyntaxError) -> [QueryToken] {
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
            if character.isScalar("(") {
                result.append(QueryToken(kind: .leftParenthesis, offset: start, endOffset: start + 1))
                index += 1
                operandMayStart = true
                continue
            }
            if character.isScalar(")") {
                result.append(QueryToken(kind: .rightParenthesis, offset: start, endOffset: start + 1))
                index += 1
                operandMayStart = false
                continue
            }
            if character.isQuote {
                var cursor = index + 1
                while cursor < characters.count, !characters[cursor].isQuote { cursor += 1 }
                guard cursor < characters.count else {
                    throw QuerySyntaxError(
                        offset: characters.count,
                        message: "expected '\"' to close the phrase opened at \(start), found end of query")
                }
                let text = Unit.string(characters[(index + 1)..<cursor])
                result.append(QueryToken(kind: .phrase(text), offset: start, endOffset: cursor + 1))
                index = cursor + 1
                operandMayStart = false
                continue
            }
            if character.isScalar("^") {
                // A boost belongs to what it touches: a word, a phrase or a group, with no space between.
                let touches: Bool
                switch result.last?.kind {
                case .word, .phrase, .rightParenthesis: touches = result.last?.endOffset == start
                default: touches = false
                }
                guard touches else {
                    throw QuerySyntaxError(
                        offset: start, message: "found '^', expected it right after a word, a phrase or ')' (as in asylum^2)")
                }
                var cursor = index + 1
                while cursor < characters.count, !characters[cursor].endsWord { cursor += 1 }
                let digits = Unit.string(characters[(index + 1)..<cursor])
                guard digits.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (0x30...0x39).contains($0) }),
                    let factor = Double(digits), factor > 0, factor <= Self.maximumBoost
                else {
                    throw QuerySyntaxError(
                        offset: index + 1,
                        message: "expected a number above 0 and at most \(Int(Self.maximumBoost)) after '^', found "
                            + (digits.isEmpty ? "nothing" : "'\(digits)'"))
                }
                result.append(QueryToken(kind: .boost(factor), offset: start, endOffset: cursor))
                index = cursor
                operandMayStart = false
                continue
            }
            if character.isScalar("-"), operandMayStart {
                let next = index + 1
                guard next < characters.count, !characters[next].isWhitespace, !characters[next].isScalar(")") else {
                    throw QuerySyntaxError(
                        offset: next,
                        message: "expected a word, phrase or '(' after '-', found "
                            + (next < characters.count ? "'\(Unit.string(characters[next...next]))'" : "end of query"))
                }
                result.append(QueryToken(kind: .minus, offset: start, endOffset: next))
                index = next
                operandMayStart = true
                continue
            }
            var cursor = index
            var hasColon = false
            while cursor < characters.count, !characters[cursor].endsWord {
                if characters[cursor].isScalar(":") { hasColon = true }
                cursor += 1
            }
            let word = Unit.string(characters[index..<cursor])
            if hasColon, let colon = word.firstIndex(of: ":") {
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
    private static func kind(ofWord word: String, at offset: Int) throws(QuerySyntaxError) -> QueryToken.Kind {
        // Every operator starts with A, N or O: other words need no String comparison.
        guard let first = word.utf8.first, first == UInt8(ascii: "A") || first == UInt8(ascii: "N")
            || first == UInt8(ascii: "O")
        else { return .word(word) }
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
