// FeedwatchClassify: stage ③, deciding which topics an entry is about, and why.
//
// Input: topic definitions (once) and then entries with their feed context. Output: for each entry,
// the topics it matches, in configured order, each with a score and the evidence (term, field,
// snippet). Invariants: no I/O; the same analysis (TextAnalyzer) runs on queries and entries; a
// `Classifier` is immutable and safe to share between threads (per-thread state is pooled).
import FeedwatchModel

/// Matches entries against compiled topic queries, with scores and explanations.
public struct Classifier: Sendable {
    /// The score a topic needs when it sets no `min_score`: any one match in the body is enough.
    public static let defaultMinScore: Double = 1.0

    /// The topics, compiled, in configured order.
    private let topics: [CompiledTopic]
    /// The inverted index over the topics' words.
    private let index: TermIndex
    /// The fields some topic searches; others are not analysed.
    private let fieldsUsed: FieldSet
    /// Topics the index cannot propose (see `CompiledTopic.isAlwaysCandidate`).
    private let alwaysCandidates: [Int32]
    /// Per-thread working state.
    private let pool: ScratchPool

    /// Compiles every topic's query; throws the first error, naming its topic.
    public init(topics definitions: [TopicDefinition]) throws(TopicError) {
        try self.init(topics: definitions, strategy: .fast)
    }

    /// Compiles every topic's query to be evaluated with `strategy` (tests compare the strategies).
    init(topics definitions: [TopicDefinition], strategy: ClassifierStrategy) throws(TopicError) {
        var index = TermIndex()
        var compiled: [CompiledTopic] = []
        let stemmers = StemmerSet()
        for (topicIndex, definition) in definitions.enumerated() {
            let query: QueryNode
            do {
                query = try QueryParser.parse(definition.query)
            } catch {
                throw TopicError(topic: definition.name, syntax: error)
            }
            compiled.append(
                CompiledTopic(
                    definition: definition, query: query, topicIndex: topicIndex,
                    defaultMinScore: Self.defaultMinScore, usesMasks: strategy.usesMasks, index: &index,
                    stemmers: stemmers))
        }
        var fieldsUsed: FieldSet = [.title, .summary]  // always read: the language detector needs them
        for topic in compiled {
            for leaf in topic.leaves { fieldsUsed.formUnion(leaf.fields) }
        }
        index.seal()
        self.topics = compiled
        self.index = index
        self.fieldsUsed = fieldsUsed
        alwaysCandidates = compiled.indices.filter { !strategy.usesIndexCandidates || compiled[$0].isAlwaysCandidate }
            .map { Int32($0) }
        pool = ScratchPool(atomCount: index.atomCount, topicCount: compiled.count)
    }

    /// The topics `entry` matches, in configured order; with `explain`, each term carries a snippet.
    public func classify(_ entry: Entry, feed: FeedContext, explain: Bool = false) -> [Match] {
        guard !topics.isEmpty else { return [] }
        return pool.withScratch { scratch in
            let analyzed = AnalyzedEntry(
                entry: entry, feed: feed, fieldsUsed: fieldsUsed, vocabulary: scratch.vocabulary)
            recordOccurrences(of: analyzed, in: scratch)
            var candidates = alwaysCandidates
            let stamp = scratch.stamp
            for topic in alwaysCandidates {
                scratch.candidateStamp[Int(topic)] = stamp
                scratch.leafHits[Int(topic)] = 0
            }
            let touched = scratch.touchedAtoms
            index.listRanges.withUnsafeBufferPointer { listRanges in
                index.topicList.withUnsafeBufferPointer { topicList in
                    index.leafList.withUnsafeBufferPointer { leafList in
                        // One pass: an atom's leaf references mark hits and propose their topics; its
                        // topic list proposes the topics of leaves past the 64th (see TermIndex).
                        for atom in touched {
                            let lists = listRanges[Int(atom)]
                            let fields = scratch.fields(of: atom)
                            for offset in Int(lists.leafStart)..<Int(lists.leafEnd) {
                                let reference = leafList[offset]
                                guard reference.fields & fields != 0 else { continue }
                                let topic = Int(reference.topic)
                                if scratch.candidateStamp[topic] != stamp {
                                    scratch.candidateStamp[topic] = stamp
                                    scratch.leafHits[topic] = 0
                                    candidates.append(reference.topic)
                                }
                                scratch.leafHits[topic] |= 1 << UInt64(reference.leaf)
                            }
                            for offset in Int(lists.topicStart)..<Int(lists.topicEnd) {
                                let topic = Int(topicList[offset])
                                if scratch.candidateStamp[topic] != stamp {
                                    scratch.candidateStamp[topic] = stamp
                                    scratch.leafHits[topic] = 0
                                    candidates.append(Int32(topic))
                                }
                            }
                        }
                    }
                }
            }
            candidates.sort()
            var matches: [Match] = []
            for topicIndex in candidates {
                let topic = topics[Int(topicIndex)]
                if topic.isRestricted {
                    if !topic.feeds.isEmpty, !topic.feeds.contains(feed.name.lowercased()),
                        !topic.feeds.contains(feed.url.lowercased())
                    {
                        continue
                    }
                    if !topic.languages.isEmpty, !(analyzed.language.map(topic.languages.contains) ?? false) {
                        continue
                    }
                }
                var evaluation = TopicEvaluation(topic: topic, scratch: scratch, language: analyzed.language)
                if let match = evaluation.match(fields: analyzed.fields, explain: explain) { matches.append(match) }
            }
            return matches
        }
    }

    /// Looks every word of the entry up in the index and records where each atom occurred.
    private func recordOccurrences(of entry: AnalyzedEntry, in scratch: ClassifierScratch) {
        let vocabulary = scratch.vocabulary
        let stemmers = scratch.stemmers
        for field in entry.fields {
            let fieldNumber = UInt8(field.field.rawValue)
            let computedBit = UInt8(1) << UInt8(entry.mode.rawValue)
            let hitsBit = computedBit << 4
            for token in field.tokens {
                // Most words hit no atom, and the token already says so once the word has been seen.
                if token.modeFlags & (computedBit | hitsBit) == computedBit { continue }
                let range = vocabulary.atoms(of: token.word, mode: entry.mode, index: index, stemmers: stemmers)
                guard !range.isEmpty else { continue }
                let occurrence = Occurrence(
                    field: fieldNumber, firstPosition: token.position, lastPosition: token.position,
                    start: token.start, end: token.end)
                for offset in range { scratch.record(vocabulary.atomArena[offset], occurrence) }
            }
        }
    }
}
