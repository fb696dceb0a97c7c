// FeedwatchClassify: stage ③, deciding which topics an entry is about, and why.
//
// Input: topic definitions (once) and then entries with their feed context. Output: for each entry,
// the topics it matches, in configured order, each with a score and the evidence (term, field,
// snippet). Invariants: no I/O; the same analysis (TextAnalyzer) runs on queries and entries; a
// `Classifier` is immutable and safe to share between threads (per-thread state is pooled).
import FeedwatchModel

/// Matches entries against compiled topic queries, with scores and explanations.
///
/// A class, not a struct: a pass hands the classifier to every entry it classifies, and a struct of
/// eight stored arrays and tables was copied there (a retain and a release of each, ~1.5K
/// instructions an entry in a first pass, callgrind); a reference is one retain.
public final class Classifier: Sendable {
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
    /// Per topic, `topicPrefetchLineCount` addresses to prefetch (`CompiledTopic.prefetchAddresses`).
    private let topicPrefetchAddresses: [UInt]
    /// The number of addresses per topic in `topicPrefetchAddresses`.
    private let topicPrefetchLineCount: Int
    /// Per topic, where its hit bits of leaves 64 and up sit in the scratch (`CompiledTopic.wideHitOffset`).
    private let wideHitRanges: [WideHitRange]

    /// See `wideHitRanges`.
    private struct WideHitRange {
        var offset: Int32
        var count: Int32
    }

    /// Compiles every topic's query; throws the first error, naming its topic.
    public convenience init(topics definitions: [TopicDefinition]) throws(TopicError) {
        try self.init(topics: definitions, strategy: .fast)
    }

    /// Compiles every topic's query to be evaluated with `strategy` (tests compare the strategies).
    init(topics definitions: [TopicDefinition], strategy: ClassifierStrategy) throws(TopicError) {
        var index = TermIndex()
        var compiled: [CompiledTopic] = []
        var wideHitWordCount = 0
        let stemmers = StemmerSet()
        for (topicIndex, definition) in definitions.enumerated() {
            let query: QueryNode
            do {
                query = try QueryParser.parse(definition.query)
            } catch {
                throw TopicError(topic: definition.name, syntax: error)
            }
            let topic = CompiledTopic(
                definition: definition, query: query, topicIndex: topicIndex,
                defaultMinScore: Self.defaultMinScore, usesMasks: strategy.usesMasks,
                usesSparseEvaluation: strategy.usesSparseEvaluation, listedLeafLimit: strategy.listedLeafLimit,
                anchorsPhrasesOnRareWords: strategy.anchorsPhrasesOnRareWords,
                wideHitOffset: wideHitWordCount, index: &index, stemmers: stemmers)
            wideHitWordCount += topic.wideHitWordCount
            compiled.append(topic)
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
        pool = ScratchPool(
            atomCount: index.atomCount, topicCount: compiled.count, wideHitWordCount: wideHitWordCount,
            nodeCapacity: compiled.map(\.nodes.count).max() ?? 0)
        wideHitRanges = compiled.map { WideHitRange(offset: Int32($0.wideHitOffset), count: Int32($0.wideHitWordCount)) }
        topicPrefetchAddresses = compiled.flatMap(\.prefetchAddresses)
        topicPrefetchLineCount = compiled.first?.prefetchAddresses.count ?? 0
    }

    /// The topics `entry` matches, in configured order; with `explain`, each term carries a snippet.
    public func classify(_ entry: Entry, feed: FeedContext, explain: Bool = false) -> [Match] {
        guard !topics.isEmpty else { return [] }
        return pool.withScratch { scratch in
            let analyzed = AnalyzedEntry(
                entry: entry, feed: feed, fieldsUsed: fieldsUsed, vocabulary: scratch.vocabulary)
            recordOccurrences(of: analyzed, in: scratch)
            scratch.candidates.removeAll()
            let stamp = scratch.stamp
            for topic in alwaysCandidates {
                scratch.candidateStamp[Int(topic)] = stamp
                scratch.leafHits[Int(topic)] = 0
                scratch.candidates.append(topic)
            }
            let touched = scratch.touchedAtoms.buffer
            index.listRanges.withUnsafeBufferPointer { listRanges in
                index.leafList.withUnsafeBufferPointer { leafList in
                    // One pass: an atom's leaf references mark hits and propose their topics. Atoms
                    // met rarely have their lists out of cache: start loading every touched atom's
                    // list ranges, then their leaf lists, so the misses overlap.
                    if let rangeBase = listRanges.baseAddress, let leafBase = leafList.baseAddress {
                        for atom in touched { Prefetch.line(rangeBase + Int(atom)) }
                        for atom in touched { Prefetch.line(leafBase + Int(rangeBase[Int(atom)].leafStart)) }
                    }
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
                                scratch.candidates.append(reference.topic)
                            }
                            let leaf = Int(reference.leaf)
                            if leaf < CompiledTopic.maskedLeafLimit {
                                scratch.leafHits[topic] |= 1 << UInt64(leaf)
                            } else {
                                let wide = wideHitRanges[topic]
                                scratch.setWideHit(
                                    topic: topic, leaf: leaf, offset: Int(wide.offset), count: Int(wide.count))
                            }
                        }
                    }
                }
            }
            var unsorted = UnsafeMutableBufferPointer(start: scratch.candidates.base, count: scratch.candidates.count)
            unsorted.sort()
            let candidates = scratch.candidates.buffer
            // Scored first, built after (see `TopicEvaluation.score`); the buffers are the scratch's,
            // borrowed and handed back.
            var pendingMatches = scratch.pendingMatches
            scratch.pendingMatches = []
            scratch.pendingEvidence.removeAll()
            defer {
                pendingMatches.removeAll(keepingCapacity: true)
                scratch.pendingMatches = pendingMatches
            }
            // A candidate's compiled data is usually out of cache (a topic recurs every hundred
            // entries or so): start loading each topic's first lines two candidates ahead.
            let candidateCount = candidates.count
            let lineCount = topicPrefetchLineCount
            topicPrefetchAddresses.withUnsafeBufferPointer { addresses in
                for ahead in 0..<min(2, candidateCount) {
                    let topic = Int(candidates[ahead])
                    CompiledTopic.prefetch(
                        addresses.baseAddress! + topic * lineCount,
                        hitLeaf: scratch.leafHits[topic].trailingZeroBitCount & 63)
                }
            }
            for position in 0..<candidateCount {
                if position + 2 < candidateCount {
                    let ahead = Int(candidates[position + 2])
                    topicPrefetchAddresses.withUnsafeBufferPointer { addresses in
                        CompiledTopic.prefetch(
                            addresses.baseAddress! + ahead * lineCount,
                            hitLeaf: scratch.leafHits[ahead].trailingZeroBitCount & 63)
                    }
                }
                let topic = topics[Int(candidates[position])]
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
                if let pending = evaluation.score(appendingEvidenceTo: &scratch.pendingEvidence) {
                    pendingMatches.append(pending)
                }
            }
            var matches: [Match] = []
            matches.reserveCapacity(pendingMatches.count)
            let pendingEvidence = scratch.pendingEvidence.buffer
            for pending in pendingMatches {
                matches.append(
                    TopicEvaluation.match(
                        pending, topic: topics[Int(pending.topic)],
                        evidence: UnsafeBufferPointer(
                            rebasing: pendingEvidence[Int(pending.evidenceStart)..<Int(pending.evidenceEnd)]),
                        fields: analyzed.fields, explain: explain))
            }
            return matches
        }
    }

    /// Looks every word of the entry up in the index and records where each atom occurred.
    private func recordOccurrences(of entry: AnalyzedEntry, in scratch: ClassifierScratch) {
        let vocabulary = scratch.vocabulary
        let stemmers = scratch.stemmers
        let mode = entry.mode
        let computedBit = UInt8(1) << UInt8(mode.rawValue)
        let hitsBit = computedBit << 4
        // Most words hit no atom, and their tokens already say so once the word has been seen: one
        // pass over the entry's tokens keeps the others (a few per entry), which the passes below
        // read instead of every token (four passes over every token cost ~60 instructions a word).
        scratch.lookupTokens.removeAll()
        for field in entry.fields {
            let fieldNumber = UInt8(field.field.rawValue)
            field.tokens.withUnsafeBufferPointer { tokens in
                for token in tokens where token.modeFlags & (computedBit | hitsBit) != computedBit {
                    scratch.lookupTokens.append(FieldToken(token: token, field: fieldNumber))
                }
            }
        }
        let lookups = scratch.lookupTokens.buffer
        // The atoms of words met rarely are out of cache. Words known to hit atoms (their tokens say
        // so) have their atom ranges, then their first atoms, then those atoms' entry state loaded in
        // passes ahead of the real one, so that the misses of all the entry's words overlap.
        for item in lookups where item.token.modeFlags & (computedBit | hitsBit) == computedBit | hitsBit {
            vocabulary.prefetchAtomRange(of: item.token.word, mode: mode)
        }
        for item in lookups where item.token.modeFlags & (computedBit | hitsBit) == computedBit | hitsBit {
            vocabulary.prefetchAtomList(of: item.token.word, mode: mode)
        }
        for item in lookups where item.token.modeFlags & (computedBit | hitsBit) == computedBit | hitsBit {
            let range = vocabulary.knownAtoms(of: item.token.word, mode: mode)
            scratch.prefetchState(of: vocabulary.atomArena[range.lowerBound])
        }
        for item in lookups {
            let token = item.token
            // A word looked up before this entry has its atoms ready; one first met in this entry (or
            // in this mode) is looked up now, or was by an earlier token.
            let range =
                token.modeFlags & (computedBit | hitsBit) == computedBit | hitsBit
                ? vocabulary.knownAtoms(of: token.word, mode: mode)
                : vocabulary.atoms(of: token.word, mode: mode, index: index, stemmers: stemmers)
            guard !range.isEmpty else { continue }
            let occurrence = Occurrence(
                field: item.field, firstPosition: token.position, lastPosition: token.position,
                start: token.start, end: token.end)
            for offset in range { scratch.record(vocabulary.atomArena[offset], occurrence) }
        }
    }
}
