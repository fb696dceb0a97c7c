import Foundation
import FeedwatchModel

/// Evaluates one compiled topic against the occurrences recorded for one entry, then scores it.
///
/// Leaf and NEAR occurrences are computed lazily and remembered, so a term shared by the boolean test
/// and the score is matched once.
struct TopicEvaluation {
    /// The topic.
    private let topic: CompiledTopic
    /// The entry's recorded atom occurrences.
    private let scratch: ClassifierScratch
    /// The entry's language code, for `lang:`.
    private let language: String?
    /// Occurrences of each leaf, once computed.
    private var leafOccurrences: [[Occurrence]?]
    /// Occurrences of each NEAR, once computed.
    private var nearOccurrences: [[Occurrence]?]

    /// Prepares to evaluate `topic` on the entry recorded in `scratch`.
    init(topic: CompiledTopic, scratch: ClassifierScratch, language: String?) {
        self.topic = topic
        self.scratch = scratch
        self.language = language
        leafOccurrences = Array(repeating: nil, count: topic.leaves.count)
        nearOccurrences = Array(repeating: nil, count: topic.nears.count)
    }

    /// The match, if the query holds and the evidence reaches the topic's minimum score.
    mutating func match(fields: [AnalyzedField], explain: Bool) -> Match? {
        guard evaluate(topic.root) else { return nil }
        struct Evidence {
            var term: String
            var field: UInt8
            var positions: [Int32]
            var first: Occurrence
        }
        var evidence: [Evidence] = []
        func add(_ term: String, _ occurrences: [Occurrence]) {
            for occurrence in occurrences {
                if let existing = evidence.firstIndex(where: { $0.term == term && $0.field == occurrence.field }) {
                    // A term written twice in a query (`tariff* ... -(x -tariff*)`) finds the same words
                    // twice; each word is evidence once.
                    if !evidence[existing].positions.contains(occurrence.firstPosition) {
                        evidence[existing].positions.append(occurrence.firstPosition)
                    }
                } else {
                    evidence.append(
                        Evidence(
                            term: term, field: occurrence.field, positions: [occurrence.firstPosition],
                            first: occurrence))
                }
            }
        }
        for (index, leaf) in topic.leaves.enumerated() where leaf.isEvidence {
            add(leaf.text, occurrences(ofLeaf: index))
        }
        for (index, near) in topic.nears.enumerated() where near.isEvidence {
            add(near.text, occurrences(ofNear: index))
        }
        // Repeated evidence counts, but sublinearly: the fifth mention says less than the second.
        var score = 0.0
        for item in evidence {
            score += QueryField(rawValue: Int(item.field))!.weight * (1 + log(Double(item.positions.count)))
        }
        // A `lang:` test that holds (and is not negated) is evidence too, worth one body mention, so
        // a topic such as `lang:es` alone fires at the default minimum.
        let languageTerms = topic.positiveLanguages.filter { $0 == language }.map { "lang:" + $0 }
        score += Double(languageTerms.count)
        score = (score * 1000).rounded() / 1000
        guard score >= topic.minScore else { return nil }
        let terms = evidence.map { item -> MatchedTerm in
            let field = QueryField(rawValue: Int(item.field))!
            var snippet: String?
            if explain, let text = fields.first(where: { $0.field == field })?.text {
                snippet = Snippet.excerpt(of: text, start: Int(item.first.start), end: Int(item.first.end))
            }
            return MatchedTerm(term: item.term, field: field.name, snippet: snippet)
        } + languageTerms.map { MatchedTerm(term: $0, field: "lang", snippet: nil) }
        return Match(topic: topic.name, score: score, terms: terms)
    }

    /// Whether a node of the query holds for the entry.
    private mutating func evaluate(_ node: CompiledNode) -> Bool {
        switch node {
        case .leaf(let index): return !occurrences(ofLeaf: index).isEmpty
        case .near(let index): return !occurrences(ofNear: index).isEmpty
        case .language(let code): return language == code
        case .all(let children):
            for child in children where !evaluate(child) { return false }
            return true
        case .any(let children):
            for child in children where evaluate(child) { return true }
            return false
        case .not(let child): return !evaluate(child)
        }
    }

    /// Where a term occurs: each word found in one of its fields, a phrase's words at successive positions.
    private mutating func occurrences(ofLeaf index: Int) -> [Occurrence] {
        if let known = leafOccurrences[index] { return known }
        let leaf = topic.leaves[index]
        let first = occurrences(ofWord: leaf.words[0], in: leaf.fields)
        var result: [Occurrence] = []
        if leaf.words.count == 1 || first.isEmpty {
            result = first
        } else {
            let rest = leaf.words.dropFirst().map { occurrences(ofWord: $0, in: leaf.fields) }
            candidates: for start in first {
                var last = start
                for (offset, word) in rest.enumerated() {
                    let wanted = start.firstPosition + Int32(offset) + 1
                    guard let next = word.first(where: { $0.field == start.field && $0.firstPosition == wanted })
                    else { continue candidates }
                    last = next
                }
                result.append(
                    Occurrence(
                        field: start.field, firstPosition: start.firstPosition, lastPosition: last.lastPosition,
                        start: start.start, end: last.end))
            }
        }
        leafOccurrences[index] = result
        return result
    }

    /// Occurrences of any of a word's atoms within `fields`, one per position.
    private func occurrences(ofWord atoms: [Int32], in fields: FieldSet) -> [Occurrence] {
        var result: [Occurrence] = []
        var sources = 0
        for atom in atoms {
            let found = scratch.occurrences[Int(atom)]
            if found.isEmpty { continue }
            sources += 1
            for occurrence in found where fields.contains(FieldSet(rawValue: 1 << occurrence.field)) {
                result.append(occurrence)
            }
        }
        if sources > 1 {
            // A word can hit two atoms at once (its English and Spanish stems): count the position once.
            result.sort { ($0.field, $0.firstPosition) < ($1.field, $1.firstPosition) }
            var unique: [Occurrence] = []
            for occurrence in result
            where unique.last.map({ $0.field != occurrence.field || $0.firstPosition != occurrence.firstPosition })
                ?? true
            {
                unique.append(occurrence)
            }
            result = unique
        }
        return result
    }

    /// Where a NEAR holds: a left and a right occurrence in one field, distinct, at most `distance` apart.
    private mutating func occurrences(ofNear index: Int) -> [Occurrence] {
        if let known = nearOccurrences[index] { return known }
        let near = topic.nears[index]
        let left = near.left.flatMap { occurrences(ofLeaf: $0) }
        let right = left.isEmpty ? [] : near.right.flatMap { occurrences(ofLeaf: $0) }
        var result: [Occurrence] = []
        for one in left {
            for other in right where other.field == one.field {
                let gap = max(other.firstPosition - one.lastPosition, one.firstPosition - other.lastPosition)
                guard gap >= 1, gap <= near.distance else { continue }
                result.append(
                    Occurrence(
                        field: one.field, firstPosition: min(one.firstPosition, other.firstPosition),
                        lastPosition: max(one.lastPosition, other.lastPosition), start: min(one.start, other.start),
                        end: max(one.end, other.end)))
            }
        }
        nearOccurrences[index] = result
        return result
    }
}
