/// One single-word matcher the index knows: the unit in which entry words are looked up.
enum AtomKey: Hashable, Sendable {
    /// A folded surface form, for quoted words.
    case surface(String)
    /// A folded surface prefix, for `word*`.
    case prefix(String)
    /// A stem in one language, for bare words.
    case stem(StemmingLanguage, String)
}

/// The inverted index over every topic's words: from an entry word to the atoms it matches and from
/// an atom to the topics that use it.
///
/// Looking an entry's words up here, rather than running every topic over the entry, is what keeps
/// the cost per entry proportional to its words and to the topics it could match.
struct TermIndex: Sendable {
    /// Surface atoms by folded word.
    private(set) var surfaceAtoms: [String: Int32] = [:]
    /// Prefix atoms by folded prefix.
    private(set) var prefixAtoms: [String: Int32] = [:]
    /// The shortest and longest prefix in scalars (0...0 when there are none).
    private(set) var prefixLengths: ClosedRange<Int> = 0...0
    /// The first `prefixLengths.lowerBound` scalars of every prefix (built by `seal()`). A word that
    /// does not start with one of them matches no prefix, so most words cost one lookup here instead
    /// of a String and a lookup per prefix length: that loop was half of looking up the words an
    /// entry brings for the first time, a tenth of a first pass over news feeds (callgrind,
    /// bench/fetch typical feeds).
    private(set) var prefixHeads: Set<String> = []
    /// Stem atoms by stem, one dictionary per `StemmingLanguage`.
    private(set) var stemAtoms: [[String: Int32]] = StemmingLanguage.allCases.map { _ in [:] }
    /// For each atom, the topics (indices in configuration order) whose queries use it.
    private(set) var atomTopics: [[Int32]] = []

    /// For each atom, the leaves whose (first) word it is, so that an entry's hits mark exactly the
    /// one-word leaves they satisfy, and the phrases they might, instead of every leaf being tested.
    ///
    /// Every leaf is listed (up to `CompiledTopic.maximumListedLeaves` per topic), so a topic is proposed
    /// exactly when a leaf reference's fields hold an occurrence; a topic with no such reference
    /// cannot hold (its one-word terms and its phrases' anchor words (`CompiledTopic.anchor(of:)`) are all missing, so every term
    /// and NEAR is false; a query that holds with no term at all is always a candidate).
    private(set) var atomLeaves: [[LeafReference]] = []

    /// `atomLeaves` laid out flat for the per-entry loops (built by `seal()`): atom N's leaves are
    /// `leafList[listRanges[N].leafStart..<listRanges[N].leafEnd]`.
    private(set) var listRanges: [AtomListRanges] = []
    /// See `listRanges`.
    private(set) var leafList: [LeafReference] = []

    /// `surfaceAtoms`, `prefixAtoms`, `prefixHeads` and `stemAtoms` keyed by bytes (built by `seal()`),
    /// for the first sight of an all-ASCII word (`atoms(folded:mode:stemmers:)`): no `String` and no
    /// SipHash per lookup (see `ByteKeyTable`).
    private(set) var surfaceTable = ByteKeyTable()
    /// See `surfaceTable`.
    private(set) var prefixTable = ByteKeyTable()
    /// See `surfaceTable` (the values mean nothing).
    private(set) var prefixHeadTable = ByteKeyTable()
    /// See `surfaceTable`; one per `StemmingLanguage`.
    private(set) var stemTables: [ByteKeyTable] = []
    /// Whether `seal()` has built the byte-keyed tables.
    private(set) var isSealed = false

    /// Lays the per-atom lists out flat; call once every topic is added.
    mutating func seal() {
        prefixHeads = Set(prefixAtoms.keys.map { Self.head(of: $0, scalars: prefixLengths.lowerBound) })
        surfaceTable = ByteKeyTable(surfaceAtoms.map { ($0.key, $0.value) })
        prefixTable = ByteKeyTable(prefixAtoms.map { ($0.key, $0.value) })
        prefixHeadTable = ByteKeyTable(prefixHeads.map { ($0, 0) })
        stemTables = stemAtoms.map { atoms in ByteKeyTable(atoms.map { ($0.key, $0.value) }) }
        isSealed = true
        listRanges = []
        leafList = []
        for atom in atomTopics.indices {
            let leafStart = Int32(leafList.count)
            leafList += atomLeaves[atom]
            listRanges.append(AtomListRanges(leafStart: leafStart, leafEnd: Int32(leafList.count)))
        }
    }

    /// The number of distinct atoms.
    var atomCount: Int { atomTopics.count }

    /// Creates an empty index.
    init() {}

    /// The atom for a key, added on first use, recording that `topic` uses it.
    mutating func atom(for key: AtomKey, topic: Int) -> Int32 {
        let existing: Int32?
        switch key {
        case .surface(let word): existing = surfaceAtoms[word]
        case .prefix(let prefix): existing = prefixAtoms[prefix]
        case .stem(let language, let stem): existing = stemAtoms[language.rawValue][stem]
        }
        let atom = existing ?? Int32(atomTopics.count)
        if existing == nil {
            atomTopics.append([])
            atomLeaves.append([])
            switch key {
            case .surface(let word): surfaceAtoms[word] = atom
            case .prefix(let prefix):
                prefixAtoms[prefix] = atom
                let length = prefix.unicodeScalars.count
                prefixLengths =
                    prefixAtoms.count == 1
                    ? length...length
                    : min(prefixLengths.lowerBound, length)...max(prefixLengths.upperBound, length)
            case .stem(let language, let stem): stemAtoms[language.rawValue][stem] = atom
            }
        }
        if atomTopics[Int(atom)].last != Int32(topic) { atomTopics[Int(atom)].append(Int32(topic)) }
        return atom
    }

    /// Records that a one-word leaf of a topic is satisfied by `atom` occurring in `fields`.
    mutating func addLeaf(_ reference: LeafReference, atom: Int32) {
        atomLeaves[Int(atom)].append(reference)
    }

    /// Every atom an entry word matches, given its surface form and its stems in the entry's languages.
    func atoms(
        surface: String, languages: [StemmingLanguage], stem: (String, StemmingLanguage) -> String
    ) -> [Int32] {
        var result: [Int32] = []
        if let atom = surfaceAtoms[surface] { result.append(atom) }
        for language in languages {
            if let atom = stemAtoms[language.rawValue][stem(surface, language)] { result.append(atom) }
        }
        if !prefixAtoms.isEmpty, prefixHeads.isEmpty || prefixHeads.contains(Self.head(of: surface, scalars: prefixLengths.lowerBound)) {
            let scalars = surface.unicodeScalars
            var end = scalars.startIndex
            var length = 0
            while end != scalars.endIndex, length < prefixLengths.upperBound {
                end = scalars.index(after: end)
                length += 1
                if length >= prefixLengths.lowerBound, let atom = prefixAtoms[String(scalars[..<end])] {
                    result.append(atom)
                }
            }
        }
        return result
    }

    /// Every atom a folded entry word matches in a language mode: `atoms(surface:languages:stem:)`,
    /// the same atoms in the same order, but for an all-ASCII word (nearly all) without a `String`
    /// per lookup: the byte-keyed tables, and the stem straight from libstemmer's buffer. Other
    /// words, and an index not yet sealed, take the `String` lookups.
    func atoms(folded: UnsafeBufferPointer<UInt8>, mode: LanguageMode, stemmers: StemmerSet) -> [Int32] {
        guard isSealed, ByteKeyTable.isASCII(folded) else {
            return atoms(surface: String(decoding: folded, as: UTF8.self), languages: mode.languages) {
                stemmers.stem($0, in: $1)
            }
        }
        var result: [Int32] = []
        if let atom = surfaceTable.value(for: folded) { result.append(atom) }
        for language in mode.languages {
            let atom = stemmers.withStem(of: folded, in: language) { stem -> Int32? in
                // libstemmer leaves ASCII ASCII; were it not so, the String lookup would decide.
                ByteKeyTable.isASCII(stem)
                    ? stemTables[language.rawValue].value(for: stem)
                    : stemAtoms[language.rawValue][String(decoding: stem, as: UTF8.self)]
            }
            if let atom { result.append(atom) }
        }
        // An ASCII word's scalars are its bytes.
        if !prefixAtoms.isEmpty,
            prefixHeads.isEmpty
                || prefixHeadTable.value(
                    for: UnsafeBufferPointer(rebasing: folded[..<min(prefixLengths.lowerBound, folded.count)])) != nil
        {
            var length = prefixLengths.lowerBound
            while length <= min(prefixLengths.upperBound, folded.count) {
                if length > 0, let atom = prefixTable.value(for: UnsafeBufferPointer(rebasing: folded[..<length])) {
                    result.append(atom)
                }
                length += 1
            }
        }
        return result
    }

    /// The first `scalars` scalars of `text` (all of it when shorter).
    private static func head(of text: String, scalars count: Int) -> String {
        let scalars = text.unicodeScalars
        return String(scalars[..<(scalars.index(scalars.startIndex, offsetBy: count, limitedBy: scalars.endIndex) ?? scalars.endIndex)])
    }
}

/// A leaf of a topic, as the index lists it under the atoms of its (first) word.
struct LeafReference: Sendable {
    /// The topic's index in configuration order.
    var topic: Int32
    /// The leaf's index in the topic (below 64: its bit in the topic's hit mask; above, in the
    /// topic's wide hit bits).
    var leaf: UInt16
    /// The leaf's fields (a `FieldSet` mask).
    var fields: UInt8
}

/// Where one atom's leaves sit in `TermIndex.leafList`.
struct AtomListRanges: Sendable {
    var leafStart: Int32
    var leafEnd: Int32
}
