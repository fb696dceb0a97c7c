/// The mutable working state of one classification: stemmers, the word table, atom hits.
///
/// Reused from entry to entry (through `ScratchPool`) so classifying allocates little; never shared
/// between threads while in use. Per-atom state is valid only where `atomStamp` equals `stamp`, so
/// moving on to the next entry is one increment, whatever the number of atoms. That state lives in
/// manually allocated memory (freed in `deinit`): it is touched for every word that hits an atom, and
/// class-held arrays cost an exclusivity check per access.
final class ClassifierScratch {
    /// libstemmer handles for this thread's use.
    let stemmers = StemmerSet()
    /// Words met so far and the atoms each hits.
    let vocabulary = Vocabulary()
    /// `atomStamp[atom] == stamp` when the atom occurs in the current entry.
    private let atomStamp: UnsafeMutablePointer<UInt32>
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
    @exclusivity(unchecked) private(set) var occurrences: [Occurrence] = []
    /// The next occurrence of the same atom, -1 at the end of its chain.
    @exclusivity(unchecked) private var nextOccurrence: [Int32] = []
    /// Atoms with occurrences in the current entry.
    @exclusivity(unchecked) private(set) var touchedAtoms: [Int32] = []
    /// `candidateStamp[topic] == stamp` marks a candidate topic for the current entry.
    let candidateStamp: UnsafeMutablePointer<UInt32>
    /// Per candidate topic: bit N set when one-word leaf N (N < 64) occurs in its fields (for a
    /// phrase: when its first word does). Valid for topics whose `candidateStamp` is current.
    let leafHits: UnsafeMutablePointer<UInt64>
    /// The number of topics.
    private let topicCount: Int
    /// Incremented per entry.
    @exclusivity(unchecked) private(set) var stamp: UInt32 = 1

    /// Creates scratch space sized for an index and a topic count.
    init(atomCount: Int, topicCount: Int) {
        self.atomCount = atomCount
        atomStamp = .allocate(capacity: max(atomCount, 1))
        atomStamp.initialize(repeating: 0, count: max(atomCount, 1))
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
    }

    deinit {
        atomStamp.deallocate()
        atomFields.deallocate()
        atomFirst.deallocate()
        atomLast.deallocate()
        candidateStamp.deallocate()
        leafHits.deallocate()
    }

    /// Forgets the previous entry.
    func reset() {
        occurrences.removeAll(keepingCapacity: true)
        nextOccurrence.removeAll(keepingCapacity: true)
        touchedAtoms.removeAll(keepingCapacity: true)
        stamp &+= 1
        if stamp == 0 {
            // Wrapped around: old marks could alias the new stamp, so clear them once.
            atomStamp.update(repeating: 0, count: max(atomCount, 1))
            candidateStamp.update(repeating: 0, count: max(topicCount, 1))
            stamp = 1
        }
        if vocabulary.count > Vocabulary.wordLimit { vocabulary.removeAll() }
    }

    /// Records that `atom` occurs at `occurrence`.
    @inline(__always)
    func record(_ atom: Int32, _ occurrence: Occurrence) {
        let slot = Int(atom)
        let index = Int32(occurrences.count)
        occurrences.append(occurrence)
        nextOccurrence.append(-1)
        if atomStamp[slot] != stamp {
            atomStamp[slot] = stamp
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
        Prefetch.line(atomStamp + Int(atom))
        Prefetch.line(atomFields + Int(atom))
    }

    /// The fields (a `FieldSet` mask) `atom` occurs in; only for atoms in `touchedAtoms`.
    @inline(__always)
    func fields(of atom: Int32) -> UInt8 { atomFields[Int(atom)] }

    /// Whether `atom` occurs in the current entry within `fields`.
    @inline(__always)
    func occurs(_ atom: Int32, in fields: FieldSet) -> Bool {
        let slot = Int(atom)
        return atomStamp[slot] == stamp && atomFields[slot] & fields.rawValue != 0
    }

    /// Calls `body` with each occurrence of `atom` in the current entry, in text order.
    @inline(__always)
    func forEachOccurrence(of atom: Int32, _ body: (Occurrence) -> Void) {
        let slot = Int(atom)
        guard atomStamp[slot] == stamp else { return }
        var index = atomFirst[slot]
        while index >= 0 {
            body(occurrences[Int(index)])
            index = nextOccurrence[Int(index)]
        }
    }
}

/// Which stems an entry's words are looked up with.
enum LanguageMode: Int {
    case english, spanish, unstemmed, englishAndSpanish

    /// The number of modes.
    static let count = 4

    /// The stemming languages of this mode.
    var languages: [StemmingLanguage] {
        switch self {
        case .english: [.english]
        case .spanish: [.spanish]
        case .unstemmed: [.none]
        case .englishAndSpanish: [.english, .spanish]
        }
    }
}
