/// The mutable working state of one classification: stemmers, the word table, atom hits.
///
/// Reused from entry to entry (through `ScratchPool`) so classifying allocates little; never shared
/// between threads while in use. Per-atom state is valid only where the atom's bit in `touchedBits`
/// is set, and only the touched atoms' bits are cleared between entries. That state lives in
/// manually allocated memory (freed in `deinit`): it is touched for every word that hits an atom, and
/// class-held arrays cost an exclusivity check per access.
final class ClassifierScratch {
    /// libstemmer handles for this thread's use.
    let stemmers = StemmerSet()
    /// Words met so far and the atoms each hits.
    let vocabulary = Vocabulary()
    /// Bit `atom % 64` of word `atom / 64` is set when the atom occurs in the current entry. One bit
    /// per atom (a few KB, which stay in cache) rather than a stamp per atom: the evaluator asks about
    /// atoms that do not occur (a term's other-language stem) as often as about those that do, and a
    /// stamp array's line for an atom not seen lately is a cache miss.
    private let touchedBits: UnsafeMutablePointer<UInt64>
    /// The number of words in `touchedBits`.
    private let touchedWordCount: Int
    /// The fields (a `FieldSet` mask) an atom occurs in, in the current entry.
    private let atomFields: UnsafeMutablePointer<UInt8>
    /// An atom's first occurrence (index in `occurrences`).
    private let atomFirst: UnsafeMutablePointer<Int32>
    /// An atom's last occurrence, to append to its chain.
    private let atomLast: UnsafeMutablePointer<Int32>
    /// The number of atoms.
    private let atomCount: Int
    // The `var`s below skip Swift's dynamic exclusivity checks (`@exclusivity(unchecked)`), as
    // `Vocabulary`'s do and for the same reasons: touched for every word that hits an atom, and a
    // scratch is used by one thread at a time with no overlapping access to one property.

    /// Every occurrence of every atom in the current entry.
    @exclusivity(unchecked) private(set) var occurrences = ScratchList<Occurrence>(capacity: 256)
    /// The next occurrence of the same atom, -1 at the end of its chain.
    @exclusivity(unchecked) private var nextOccurrence = ScratchList<Int32>(capacity: 256)
    /// Atoms with occurrences in the current entry.
    @exclusivity(unchecked) private(set) var touchedAtoms = ScratchList<Int32>(capacity: 256)
    /// The evidence of the topic `TopicEvaluation` is scoring, and the words it counted (kept here
    /// so that their storage is reused from topic to topic).
    @exclusivity(unchecked) var evidence = ScratchList<Evidence>()
    /// See `evidence`.
    @exclusivity(unchecked) var countedWords = ScratchList<Int64>()
    /// The evidence of the current entry's matching topics, end to end, until their `Match` values
    /// are built (see `PendingMatch`).
    @exclusivity(unchecked) var pendingEvidence = ScratchList<Evidence>()
    /// The current entry's tokens that hit an atom or are not yet looked up in its language mode, with
    /// their field numbers (see `Classifier.recordOccurrences`).
    @exclusivity(unchecked) var lookupTokens = ScratchList<FieldToken>(capacity: 256)
    /// The current entry's candidate topics.
    @exclusivity(unchecked) var candidates = ScratchList<Int32>()
    /// The current entry's matching topics (see `pendingEvidence`).
    @exclusivity(unchecked) var pendingMatches: [PendingMatch] = []
    /// `candidateStamp[topic] == stamp` marks a candidate topic for the current entry.
    let candidateStamp: UnsafeMutablePointer<UInt32>
    /// Per candidate topic: bit N set when one-word leaf N (N < 64) occurs in its fields (for a
    /// phrase: when its anchor word, `CompiledTopic.anchor(of:)`, does). Valid for topics whose `candidateStamp` is current.
    let leafHits: UnsafeMutablePointer<UInt64>
    /// Hit bits of leaves 64 and up, for topics that have them (`CompiledTopic.wideHitOffset`):
    /// valid for a topic when its `wideStamp` is current (set, and its words cleared, on its first
    /// such hit in an entry, so topics without wide hits cost nothing).
    let wideHits: UnsafeMutablePointer<UInt64>
    /// See `wideHits`.
    let wideStamp: UnsafeMutablePointer<UInt32>
    /// Per query node, for `SparseQuery` evaluation: `nodeMark[node] == nodeGeneration` marks a
    /// dirty node of the topic being evaluated...
    let nodeMark: UnsafeMutablePointer<UInt32>
    /// ... the first of its dirty children (-1 for none)...
    let nodeFirstDirtyChild: UnsafeMutablePointer<Int32>
    /// ... and the next dirty child of its parent (-1 at the end).
    let nodeNextDirtySibling: UnsafeMutablePointer<Int32>
    /// The largest node count of a topic (the size of the node arrays).
    private let nodeCapacity: Int
    /// Incremented per sparse evaluation.
    @exclusivity(unchecked) private(set) var nodeGeneration: UInt32 = 0
    /// The number of topics.
    private let topicCount: Int
    /// Incremented per entry.
    @exclusivity(unchecked) private(set) var stamp: UInt32 = 1

    /// Creates scratch space sized for an index, a topic count, the topics' wide hit words and their
    /// largest query tree.
    init(atomCount: Int, topicCount: Int, wideHitWordCount: Int, nodeCapacity: Int) {
        self.atomCount = atomCount
        touchedWordCount = (atomCount + 63) / 64 + 1
        touchedBits = .allocate(capacity: touchedWordCount)
        touchedBits.initialize(repeating: 0, count: touchedWordCount)
        atomFields = .allocate(capacity: max(atomCount, 1))
        atomFields.initialize(repeating: 0, count: max(atomCount, 1))
        atomFirst = .allocate(capacity: max(atomCount, 1))
        atomFirst.initialize(repeating: -1, count: max(atomCount, 1))
        atomLast = .allocate(capacity: max(atomCount, 1))
        atomLast.initialize(repeating: -1, count: max(atomCount, 1))
        self.topicCount = topicCount
        candidateStamp = .allocate(capacity: max(topicCount, 1))
        candidateStamp.initialize(repeating: 0, count: max(topicCount, 1))
        leafHits = .allocate(capacity: max(topicCount, 1))
        leafHits.initialize(repeating: 0, count: max(topicCount, 1))
        wideHits = .allocate(capacity: max(wideHitWordCount, 1))
        wideHits.initialize(repeating: 0, count: max(wideHitWordCount, 1))
        wideStamp = .allocate(capacity: max(topicCount, 1))
        wideStamp.initialize(repeating: 0, count: max(topicCount, 1))
        self.nodeCapacity = max(nodeCapacity, 1)
        nodeMark = .allocate(capacity: self.nodeCapacity)
        nodeMark.initialize(repeating: 0, count: self.nodeCapacity)
        nodeFirstDirtyChild = .allocate(capacity: self.nodeCapacity)
        nodeFirstDirtyChild.initialize(repeating: -1, count: self.nodeCapacity)
        nodeNextDirtySibling = .allocate(capacity: self.nodeCapacity)
        nodeNextDirtySibling.initialize(repeating: -1, count: self.nodeCapacity)
    }

    deinit {
        occurrences.deallocate()
        nextOccurrence.deallocate()
        touchedAtoms.deallocate()
        evidence.deallocate()
        countedWords.deallocate()
        pendingEvidence.deallocate()
        candidates.deallocate()
        lookupTokens.deallocate()
        touchedBits.deallocate()
        atomFields.deallocate()
        atomFirst.deallocate()
        atomLast.deallocate()
        candidateStamp.deallocate()
        leafHits.deallocate()
        wideHits.deallocate()
        wideStamp.deallocate()
        nodeMark.deallocate()
        nodeFirstDirtyChild.deallocate()
        nodeNextDirtySibling.deallocate()
    }

    /// A fresh node generation for one sparse evaluation (see `nodeMark`).
    func nextNodeGeneration() -> UInt32 {
        nodeGeneration &+= 1
        if nodeGeneration == 0 {
            // Wrapped around: old marks could alias the new generation, so clear them once.
            nodeMark.update(repeating: 0, count: nodeCapacity)
            nodeGeneration = 1
        }
        return nodeGeneration
    }

    /// Sets hit bit `leaf` (64 and up) of a topic whose wide bits are the `count` words at `offset`.
    @inline(__always)
    func setWideHit(topic: Int, leaf: Int, offset: Int, count: Int) {
        if wideStamp[topic] != stamp {
            wideStamp[topic] = stamp
            (wideHits + offset).update(repeating: 0, count: count)
        }
        let bit = leaf - CompiledTopic.maskedLeafLimit
        wideHits[offset + (bit >> 6)] |= 1 << UInt64(bit & 63)
    }

    /// The wide hit bits of a topic in the current entry, nil when none is set.
    @inline(__always)
    func wideHits(of topic: CompiledTopic) -> UnsafePointer<UInt64>? {
        guard topic.wideHitWordCount > 0, wideStamp[topic.index] == stamp else { return nil }
        return UnsafePointer(wideHits + topic.wideHitOffset)
    }

    /// Forgets the previous entry.
    func reset() {
        for atom in touchedAtoms.buffer { touchedBits[Int(atom) >> 6] &= ~(1 << UInt64(atom & 63)) }
        occurrences.removeAll()
        nextOccurrence.removeAll()
        touchedAtoms.removeAll()
        stamp &+= 1
        if stamp == 0 {
            // Wrapped around: old topic marks could alias the new stamp, so clear them once.
            candidateStamp.update(repeating: 0, count: max(topicCount, 1))
            wideStamp.update(repeating: 0, count: max(topicCount, 1))
            stamp = 1
        }
        vocabulary.startOverIfFull()
    }

    /// Records that `atom` occurs at `occurrence`.
    @inline(__always)
    func record(_ atom: Int32, _ occurrence: Occurrence) {
        let slot = Int(atom)
        let index = Int32(occurrences.count)
        occurrences.append(occurrence)
        nextOccurrence.append(-1)
        if !isTouched(atom) {
            touchedBits[slot >> 6] |= 1 << UInt64(slot & 63)
            atomFields[slot] = 1 << occurrence.field
            atomFirst[slot] = index
            touchedAtoms.append(atom)
        } else {
            atomFields[slot] |= 1 << occurrence.field
            nextOccurrence[Int(atomLast[slot])] = index
        }
        atomLast[slot] = index
    }

    /// Starts loading the state `record` reads and writes for `atom` (see `Prefetch`).
    @inline(__always)
    func prefetchState(of atom: Int32) {
        Prefetch.line(atomFields + Int(atom))
    }

    /// Whether `atom` occurs in the current entry.
    @inline(__always)
    private func isTouched(_ atom: Int32) -> Bool {
        touchedBits[Int(atom) >> 6] & (1 << UInt64(atom & 63)) != 0
    }

    /// The fields (a `FieldSet` mask) `atom` occurs in; only for atoms in `touchedAtoms`.
    @inline(__always)
    func fields(of atom: Int32) -> UInt8 { atomFields[Int(atom)] }

    /// Whether `atom` occurs in the current entry within `fields`.
    @inline(__always)
    func occurs(_ atom: Int32, in fields: FieldSet) -> Bool {
        let slot = Int(atom)
        return isTouched(atom) && atomFields[slot] & fields.rawValue != 0
    }

    /// Calls `body` with each occurrence of `atom` in the current entry, in text order.
    @inline(__always)
    func forEachOccurrence(of atom: Int32, _ body: (Occurrence) -> Void) {
        let slot = Int(atom)
        guard isTouched(atom) else { return }
        var index = atomFirst[slot]
        while index >= 0 {
            body(occurrences[Int(index)])
            index = nextOccurrence[Int(index)]
        }
    }
}

/// An entry token and the number of its field.
struct FieldToken {
    var token: EntryToken
    var field: UInt8
}

/// Which stems an entry's words are looked up with.
enum LanguageMode: Int {
    case english, spanish, unstemmed, englishAndSpanish

    /// The number of modes.
    static let count = 4

    /// The stemming languages of this mode.
    var languages: [StemmingLanguage] {
        // Shared constants: a word's first lookup in a mode made a new array here.
        switch self {
        case .english: Self.englishOnly
        case .spanish: Self.spanishOnly
        case .unstemmed: Self.noStemming
        case .englishAndSpanish: Self.englishAndSpanishStems
        }
    }

    /// See `languages`.
    private static let englishOnly: [StemmingLanguage] = [.english]
    /// See `languages`.
    private static let spanishOnly: [StemmingLanguage] = [.spanish]
    /// See `languages`.
    private static let noStemming: [StemmingLanguage] = [.none]
    /// See `languages`.
    private static let englishAndSpanishStems: [StemmingLanguage] = [.english, .spanish]
}
