/// Turns away, before their compiled data is loaded, candidate topics that only a phrase proposed and
/// whose phrases cannot hold.
///
/// The index marks a phrase's hit bit when its first word occurs, and about a quarter of the
/// candidates at 1,000 generated topics are proposed by nothing else; they almost never match (the
/// phrase's other words are elsewhere or absent), yet each cost the prefetch of its object and arrays
/// (ten cache lines) and a walk of nested arrays of the phrase's words. This table holds, for the
/// topics of the bit-mask form, each phrase's later words' atoms flat and in one place (small enough
/// to stay in cache), so that the classifier can check whether every later word occurs at all in the
/// phrase's fields. When no hit phrase passes, the topic's decided mask is empty and its required
/// masks fail (`TopicEvaluation.score`): the same answer, without touching the topic.
struct PhraseFilter {
    /// One phrase of a topic: its leaf bit, its fields and where its later words' atoms are in `atoms`.
    struct Phrase {
        var bit: UInt64
        var fields: FieldSet
        /// The range in `groups` of its words after the first.
        var groupStart: Int32
        var groupEnd: Int32
    }

    /// Per topic: its phrase leaves' bits when the filter applies to it, 0 when it does not.
    private(set) var phraseMasks: [UInt64]
    /// Per topic: the range of its phrases in `phrases`.
    private var phraseRanges: [Range<Int32>]
    private var phrases: [Phrase] = []
    /// Per later word of a phrase: the range of its atoms in `atoms` (any one of them matches it).
    private var groups: [Range<Int32>] = []
    private var atoms: [Int32] = []

    init(topics: [CompiledTopic]) {
        phraseMasks = []
        phraseRanges = []
        for topic in topics {
            let start = Int32(phrases.count)
            // Only the bit-mask form with a required mask is decided by `decided & mask`: with every
            // phrase bit cleared and no one-word hit, the decided mask is empty and the topic fails.
            guard let required = topic.requiredMasks, !required.isEmpty, !topic.isAlwaysCandidate,
                topic.wideHitWordCount == 0, topic.phraseLeaves != 0
            else {
                phraseMasks.append(0)
                phraseRanges.append(start..<start)
                continue
            }
            var mask = topic.phraseLeaves
            while mask != 0 {
                let leaf = mask.trailingZeroBitCount
                mask &= mask - 1
                let groupStart = Int32(groups.count)
                for word in topic.leaves[leaf].words.dropFirst() {
                    let atomStart = Int32(atoms.count)
                    atoms += word
                    groups.append(atomStart..<Int32(atoms.count))
                }
                phrases.append(
                    Phrase(
                        bit: 1 << UInt64(leaf), fields: topic.leaves[leaf].fields, groupStart: groupStart,
                        groupEnd: Int32(groups.count)))
            }
            phraseMasks.append(topic.phraseLeaves)
            phraseRanges.append(start..<Int32(phrases.count))
        }
    }

    /// False when `topic` cannot match the entry recorded in `scratch`: its only hits are phrases'
    /// first words, and each of those phrases lacks a later word in its fields. True otherwise
    /// (including every topic the filter does not apply to).
    @inline(__always)
    func mayMatch(topic: Int, scratch: ClassifierScratch) -> Bool {
        let hits = scratch.leafHits[topic]
        let phraseMask = phraseMasks[topic]
        guard phraseMask != 0, hits & ~phraseMask == 0 else { return true }
        for phrase in phrases[Int(phraseRanges[topic].lowerBound)..<Int(phraseRanges[topic].upperBound)]
        where hits & phrase.bit != 0 {
            var complete = true
            for group in groups[Int(phrase.groupStart)..<Int(phrase.groupEnd)] {
                var found = false
                for offset in group where scratch.occurs(atoms[Int(offset)], in: phrase.fields) {
                    found = true
                    break
                }
                if !found {
                    complete = false
                    break
                }
            }
            if complete { return true }
        }
        return false
    }
}
