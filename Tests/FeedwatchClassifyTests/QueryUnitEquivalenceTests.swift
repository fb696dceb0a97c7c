import Testing

@testable import FeedwatchClassify

/// The parser reads most queries as scalars (`QueryUnit`); reading them as Characters, as it did
/// before, must give the same trees and the same errors at the same offsets. (Before the change the
/// full corpus with step 97, 11,021 queries, printed byte-identical outcomes with the old parser.)
@Suite("Query parsing by scalars and by Characters")
struct QueryUnitEquivalenceTests {
    @Test("the default topics, cut and edited, parse the same both ways")
    func defaultTopicsMutated() throws {
        let queries = try QueryCorpus.defaultTopicQueries()
        #expect(queries.count == 5)
        var scalarPathCount = 0
        for query in QueryCorpus.mutations(of: queries, step: 997) {
            if Unicode.Scalar.singleScalarCharacters(query) != nil { scalarPathCount += 1 }
            let byScalars = QueryCorpus.outcome(of: query) { text throws(QuerySyntaxError) in try QueryParser.parse(text) }
            let byCharacters = QueryCorpus.outcome(of: query) { text throws(QuerySyntaxError) in
                try QueryParser.parseCharacters(text)
            }
            #expect(byScalars == byCharacters, "\(query)")
        }
        #expect(scalarPathCount > 100)
    }

    @Test("a scalar that stands alone is one Character, as the property it answers for", arguments: [
        Array(0..<0x300), Array(0x1E00...0x1EFF), Array(0x2010...0x2027), Array(0x2030...0x205E),
    ])
    func standingAlone(values: [Int]) {
        for value in values {
            let scalar = Unicode.Scalar(UInt32(value))!
            let character = Character(scalar)
            #expect(scalar.standsAlone == (value != 0x0D))
            #expect(scalar.isWhitespace == character.isWhitespace, "U+\(String(value, radix: 16))")
            // Next to letters, a space, a quote and itself it stays one Character.
            let text = "a\(character)\"\(character)\(character) \(character)é"
            #expect(text.count == text.unicodeScalars.count, "U+\(String(value, radix: 16))")
        }
    }

    @Test("trimming without Foundation trims what Foundation would")
    func trimming() {
        for text in ["", " ", "a", " a ", "\ta\t", "\u{00A0}a", "a\u{2003}", "é", "\u{200B}x", "a\u{301}", "\n"] {
            #expect(QueryParser.trimmingWhitespaces(text) == text.trimmingCharacters(in: .whitespaces))
        }
    }
}
