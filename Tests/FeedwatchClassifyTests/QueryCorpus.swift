import Foundation

@testable import FeedwatchClassify

/// Query texts for comparing two ways of parsing: the default topics of feeds.yml and, for each,
/// cuts and insertions that reach every error the lexer and parser can report.
enum QueryCorpus {
    /// The `query: >-` blocks of the repository's feeds.yml, folded as YAML folds them (lines
    /// joined by one space; good enough here: any text will do, the default topics are just realistic).
    static func defaultTopicQueries() throws -> [String] {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repository.appendingPathComponent("feeds.yml"), encoding: .utf8)
        var queries: [String] = []
        var current: [String]? = nil
        var keyIndent = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix(while: { $0 == " " }).count
            if var lines = current {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty, indent > keyIndent {
                    lines.append(String(line.dropFirst(indent)))
                    current = lines
                    continue
                }
                queries.append(lines.joined(separator: " "))
                current = nil
            }
            if line.dropFirst(indent).hasPrefix("query: >") {
                current = []
                keyIndent = indent
            }
        }
        if let lines = current { queries.append(lines.joined(separator: " ")) }
        return queries
    }

    /// Pieces inserted into the queries: every special character, operators, bad scopes and
    /// distances, and text whose Characters are not single scalars (combining marks, CR LF, emoji).
    static let insertions = [
        "(", ")", "\"", "\u{201C}", "\u{201D}", "\u{201E}", "-", "*", ":", " ", "\n", "\t", "\r\n",
        "NEAR/0 ", "NEAR/101 ", "NEAR/x ", "NEAR ", " NEAR/3 x ", "OR ", " AND ", "NOT ", "title:", "lang:",
        "lang:e1 ", "bogus:", "x*y ", "a* ", "é\u{301}", "e\u{301}", "\"\u{301}", "(\u{301}", " \u{301}",
        "-\u{301}", "👩‍👩‍👧 ", "\u{00A0}", "\u{2003}", "\u{200B}", "Ω ", "\u{1E9E}", "\u{3000}", "-)",
    ]

    /// The corpus: each query whole, cut at many points, and with each insertion at many points.
    static func mutations(of queries: [String], step: Int = 97) -> [String] {
        var result: [String] = []
        for query in queries {
            result.append(query)
            let characters = Array(query)
            var cut = 0
            while cut < characters.count {
                result.append(String(characters[..<cut]))
                result.append(String(characters[cut...]))
                for (number, insertion) in insertions.enumerated() {
                    let at = min(characters.count, cut + number * 7)
                    result.append(String(characters[..<at]) + insertion + String(characters[at...]))
                }
                cut += step
            }
        }
        return result
    }

    /// What parsing `query` gives, as text: the tree or the error.
    static func outcome(of query: String, parse: (String) throws(QuerySyntaxError) -> QueryNode) -> String {
        do {
            return String(describing: try parse(query))
        } catch {
            return "error \(error.offset): \(error.message)"
        }
    }
}
