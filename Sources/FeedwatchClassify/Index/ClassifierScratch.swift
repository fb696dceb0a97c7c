/// The mutable working state of one classification: stemmers, a word cache and hit lists.
///
/// Reused from entry to entry (through `ScratchPool`) so classifying allocates little; never shared
/// between threads while in use.
final class ClassifierScratch {
    /// libstemmer handles for this thread's use.
    let stemmers = StemmerSet()
    /// Entry word → matching atoms, one cache per language mode (see `LanguageMode`); news reuses
    /// its vocabulary, so after warm-up a word costs one dictionary lookup.
    var wordAtoms: [[String: [Int32]]] = Array(repeating: [:], count: LanguageMode.count)
    /// Occurrences of each atom in the current entry.
    var occurrences: [[Occurrence]]
    /// Atoms with occurrences in the current entry, to reset only those.
    var touchedAtoms: [Int32] = []
    /// `candidateStamp[topic] == stamp` marks a candidate topic for the current entry.
    var candidateStamp: [UInt32]
    /// Incremented per entry so candidate marks need no clearing.
    var stamp: UInt32 = 0

    /// Past this many cached words a mode's cache is dropped, to bound a long-running daemon's memory.
    static let wordCacheLimit = 100_000

    /// Creates scratch space sized for an index and a topic count.
    init(atomCount: Int, topicCount: Int) {
        occurrences = Array(repeating: [], count: atomCount)
        candidateStamp = Array(repeating: 0, count: topicCount)
    }

    /// Clears the hit lists of the previous entry.
    func reset() {
        for atom in touchedAtoms { occurrences[Int(atom)].removeAll(keepingCapacity: true) }
        touchedAtoms.removeAll(keepingCapacity: true)
        stamp &+= 1
        if stamp == 0 {
            // Wrapped around: old marks could alias the new stamp, so clear them once.
            for index in candidateStamp.indices { candidateStamp[index] = 0 }
            stamp = 1
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
