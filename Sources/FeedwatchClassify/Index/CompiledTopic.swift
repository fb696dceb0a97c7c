import FeedwatchModel

/// A query term bound to index atoms.
struct CompiledLeaf: Sendable {
    /// The term as written (`migra*`, `"trade deal"`), for explanations.
    var text: String
    /// For each word of the term, the atoms any one of which matches it.
    var words: [[Int32]]
    /// The fields it searches.
    var fields: FieldSet
    /// True when an occurrence is evidence for the topic: not negated and not inside a NEAR (which
    /// counts as one piece of evidence itself).
    var isEvidence: Bool
    /// How much its evidence counts (`^N`; 1 when unboosted).
    var boost: Double
    /// Where `text`'s heap storage keeps its reference count, 0 for a text stored inline (up to 15
    /// bytes), for `Prefetch` only (see `TopicEvaluation.score`).
    var textAddress: UInt

    init(text: String, words: [[Int32]], fields: FieldSet, isEvidence: Bool, boost: Double) {
        self.text = Prefetch.compact(text)
        self.words = words
        self.fields = fields
        self.isEvidence = isEvidence
        self.boost = boost
        textAddress = Prefetch.referenceCountAddress(of: self.text)
    }
}

/// A NEAR expression bound to its operands' leaves.
struct CompiledNear: Sendable {
    /// The expression as written, for explanations.
    var text: String
    /// Leaves (indices in the topic's `leaves`) of the left operand; any of them may match.
    var left: [Int]
    /// Leaves of the right operand.
    var right: [Int]
    /// The most words allowed between the two operands.
    var distance: Int32
    /// True when not negated.
    var isEvidence: Bool
    /// How much its evidence counts: the largest boost of its operands' terms (`(a NEAR/5 b)^2`).
    var boost: Double
}

/// A topic's query tree over compiled leaves; evaluated per entry, apart from parsing.
indirect enum CompiledNode: Sendable {
    case leaf(Int)
    case near(Int)
    case language(String)
    case all([CompiledNode])
    case any([CompiledNode])
    case not(CompiledNode)
}

/// One node of a query tree laid out flat (plain integers, so evaluating copies nothing refcounted).
struct FlatNode: Sendable {
    /// What the node tests.
    enum Kind: UInt8, Sendable {
        case leaf, near, language, all, any, not
    }

    /// What the node tests.
    var kind: Kind
    /// Leaf, NEAR or language index; for `all`/`any` the start of its children in `children`; for
    /// `not` its child's node index.
    var first: Int32
    /// For `all`/`any`, the end of its children in `children`.
    var end: Int32
}

/// A configured topic, compiled: its query bound to the index, plus its options.
final class CompiledTopic: Sendable {
    // Stored properties are laid out in declaration order: the ones the evaluation of a candidate
    // reads come first, so that they share the object's first three cache lines (prefetched with
    // the candidate, see `prefetchAddresses`).

    /// The topic's index in configuration order.
    let index: Int
    /// Whether `feeds` or `languages` restricts the topic (checked first, to leave the sets untouched).
    let isRestricted: Bool
    /// Whether some NEAR is evidence (so that topics without don't touch `nears`).
    let hasEvidenceNears: Bool
    /// Whether `positiveLanguages` is not empty (read from the object, not the array's storage).
    let hasPositiveLanguages: Bool
    /// Whether the query is decided by `SparseQuery` (every leaf listed, no bit-mask form).
    let usesSparseEvaluation: Bool
    /// Whether every term and NEAR counts 1 (no `^N`), so scoring never reads a leaf's boost (the
    /// leaves' lines are usually cold).
    let hasOnlyUnitBoosts: Bool
    /// The number of 64-bit words of hit bits for leaves 64 and up (0 for topics of up to 64 leaves).
    let wideHitWordCount: Int
    /// When the query is an AND of ORs of terms below the 64th and of negated ORs of them (as in
    /// `(a OR "b c") (d OR e) -f -(g OR h)`), it is decided by bit tests on the entry's hit mask, once
    /// the phrases' bits are checked (see `phraseLeaves`): it holds iff the mask meets every one of
    /// these masks...
    let requiredMasks: [UInt64]?
    /// ... and misses this one.
    let forbiddenMask: UInt64
    /// Bit N set when leaf N is a one-word leaf tracked in the entry's hit mask (N < 64).
    let maskedLeaves: UInt64
    /// Bit N set when masked leaf N is evidence.
    let maskedEvidence: UInt64
    /// Bit N set when leaf N (N < 64) is a phrase: its bit in the entry's hit mask only says that its
    /// anchor word occurs (`anchor(of:)`), so it is checked before the mask decides the query.
    let phraseLeaves: UInt64
    /// Bit N set when leaf N (N < 64) is a phrase that is evidence.
    let phraseEvidence: UInt64
    /// The least score that fires it.
    let minScore: Double
    /// Per leaf: a number shared by the leaves and NEARs whose texts are equal, so that evidence is
    /// merged per (term, field) by comparing integers, not strings.
    let leafTermNumbers: [Int32]
    /// Per leaf: its fields.
    let leafFields: [FieldSet]
    /// Per leaf: the range in `oneWordAtoms` of a one-word leaf's atoms; for a phrase an empty range
    /// at the start of its words' atoms in `oneWordAtoms` (see there). Kept flat (plain integers) so
    /// that testing a leaf, the commonest step, copies nothing refcounted.
    let oneWordAtomRanges: [Range<Int32>]
    /// The atoms of one-word leaves, end to end; then, per phrase, its word count and for each word
    /// its atom count and atoms (so testing whether each of a phrase's words occurs reads one array,
    /// not the leaf's nested arrays, two dependent cache misses).
    let oneWordAtoms: [Int32]
    /// The query's terms.
    let leaves: [CompiledLeaf]
    /// The topic's name.
    let name: String
    /// Feed names or URLs (lower-cased) it is restricted to; empty for all.
    let feeds: Set<String>
    /// Language codes it is restricted to; empty for all.
    let languages: Set<String>
    /// The query tree.
    let root: CompiledNode
    /// The query's NEAR expressions.
    let nears: [CompiledNear]
    /// Language codes of `lang:` tests that are not negated (evidence when they hold).
    let positiveLanguages: [String]
    /// True when the query can hold without any of its words occurring (pure negations, `lang:`),
    /// so the index alone cannot propose it.
    let isAlwaysCandidate: Bool
    /// One-word leaves with an index below this are marked by the index in the entry's hit mask.
    static let maskedLeafLimit = 64
    /// Evidence leaves past the 64th (only topics with `wideHitWordCount > 0` have any).
    let unmaskedEvidence: [Int]
    /// Per NEAR: its term number (see `leafTermNumbers`).
    let nearTermNumbers: [Int32]
    /// The query tree, flat; the root is the last node.
    let nodes: [FlatNode]
    /// Child node indices of `all`/`any` nodes, end to end.
    let children: [Int32]
    /// Language codes of `lang:` nodes.
    let languageCodes: [String]
    /// The most leaves of a topic the index can list (`LeafReference.leaf` is 16 bits).
    static let maximumListedLeaves = Int(UInt16.max)
    /// Leaves with an index below this are listed in the index (`maximumListedLeaves`, lower in
    /// tests); a topic with more is always a candidate and walks its whole tree.
    let listedLeafLimit: Int
    /// Where this topic's hit bits for leaves 64 and up start in the scratch's `wideHits` (in words).
    let wideHitOffset: Int
    /// The query tree's parents, defaults and leaf positions, for evaluating only what the entry's
    /// hits can change (see `SparseQuery`).
    let sparse: SparseQuery
    /// How much one piece of evidence counts: a leaf's (`source` ≥ 0) or a NEAR's (`-1 - source`) boost.
    func boost(ofSource source: Int32) -> Double {
        if hasOnlyUnitBoosts { return 1 }
        return source >= 0 ? leaves[Int(source)].boost : nears[Int(-1 - source)].boost
    }

    /// Compiles a parsed query for the topic at `topicIndex`, adding its words to `index`; without
    /// `usesMasks` the query is always evaluated by walking its tree.
    init(
        definition: TopicDefinition, query: QueryNode, topicIndex: Int, defaultMinScore: Double, usesMasks: Bool,
        usesSparseEvaluation: Bool, listedLeafLimit: Int, anchorsPhrasesOnRareWords: Bool = true, wideHitOffset: Int,
        index: inout TermIndex, stemmers: StemmerSet
    ) {
        name = Prefetch.compact(definition.name)  // copied into every `Match`
        self.index = topicIndex
        minScore = definition.minScore ?? defaultMinScore
        feeds = Set(definition.feeds.map { $0.lowercased() })
        languages = Set(definition.languages.map(QueryParser.primaryLanguage(of:)))
        isRestricted = !definition.feeds.isEmpty || !definition.languages.isEmpty
        self.listedLeafLimit = min(max(listedLeafLimit, Self.maskedLeafLimit), Self.maximumListedLeaves)
        var compiler = Compiler(
            topicIndex: topicIndex, stemmers: stemmers, listedLeafLimit: self.listedLeafLimit,
            anchorsPhrasesOnRareWords: anchorsPhrasesOnRareWords)
        root = compiler.compile(query, isPositive: true, isInsideNear: false, index: &index)
        leaves = compiler.leaves
        nears = compiler.nears
        positiveLanguages = compiler.positiveLanguages
        isAlwaysCandidate = compiler.hasLanguageTest || Self.holdsWithoutWords(root) || compiler.hasUnlistedLeaves
        var ranges: [Range<Int32>] = []
        var atoms: [Int32] = []
        var phraseLeafNumbers: [Int] = []
        for (number, leaf) in compiler.leaves.enumerated() {
            let start = Int32(atoms.count)
            // (A word without atoms cannot occur; such a leaf is encoded like a phrase, whose test says so.)
            if leaf.words.count == 1, !leaf.words[0].isEmpty { atoms += leaf.words[0] } else { phraseLeafNumbers.append(number) }
            ranges.append(start..<Int32(atoms.count))
        }
        for number in phraseLeafNumbers {
            let start = Int32(atoms.count)
            atoms.append(Int32(compiler.leaves[number].words.count))
            for word in compiler.leaves[number].words {
                atoms.append(Int32(word.count))
                atoms += word
            }
            ranges[number] = start..<start
        }
        oneWordAtomRanges = ranges
        oneWordAtoms = atoms
        hasOnlyUnitBoosts = compiler.leaves.allSatisfy { $0.boost == 1 } && compiler.nears.allSatisfy { $0.boost == 1 }
        leafFields = compiler.leaves.map(\.fields)
        var masked: UInt64 = 0
        var maskedEvidence: UInt64 = 0
        var unmaskedEvidence: [Int] = []
        var phraseEvidence: UInt64 = 0
        for (number, leaf) in compiler.leaves.enumerated() {
            if number < Self.maskedLeafLimit, leaf.words.count == 1 {
                masked |= 1 << UInt64(number)
                if leaf.isEvidence { maskedEvidence |= 1 << UInt64(number) }
            } else if number < Self.maskedLeafLimit {
                if leaf.isEvidence { phraseEvidence |= 1 << UInt64(number) }
            } else if leaf.isEvidence {
                unmaskedEvidence.append(number)
            }
        }
        self.phraseEvidence = phraseEvidence
        hasEvidenceNears = compiler.nears.contains(where: \.isEvidence)
        hasPositiveLanguages = !compiler.positiveLanguages.isEmpty
        maskedLeaves = masked
        self.maskedEvidence = maskedEvidence
        self.unmaskedEvidence = unmaskedEvidence
        var phrases: UInt64 = 0
        for (number, leaf) in compiler.leaves.enumerated() where number < Self.maskedLeafLimit && leaf.words.count > 1 {
            phrases |= 1 << UInt64(number)
        }
        phraseLeaves = phrases
        (requiredMasks, forbiddenMask) = usesMasks ? Self.maskForm(of: root, masked: masked | phrases) : (nil, 0)
        // String equality (canonical equivalence) decides which texts are one term, as it did when
        // evidence compared the texts themselves; a dictionary keyed by String agrees with it.
        var termNumbers: [String: Int32] = [:]
        func termNumber(_ text: String) -> Int32 {
            if let known = termNumbers[text] { return known }
            let number = Int32(termNumbers.count)
            termNumbers[text] = number
            return number
        }
        leafTermNumbers = compiler.leaves.map { termNumber($0.text) }
        nearTermNumbers = compiler.nears.map { termNumber($0.text) }
        var flattener = Flattener()
        _ = flattener.flatten(root)
        nodes = flattener.nodes
        children = flattener.children
        languageCodes = flattener.languageCodes
        self.wideHitOffset = wideHitOffset
        wideHitWordCount = max(0, min(compiler.leaves.count, self.listedLeafLimit) - Self.maskedLeafLimit + 63) / 64
        sparse = SparseQuery(
            nodes: flattener.nodes, children: flattener.children, leafCount: compiler.leaves.count,
            nears: compiler.nears)
        self.usesSparseEvaluation = usesSparseEvaluation && requiredMasks == nil && !compiler.hasUnlistedLeaves
    }

    /// The addresses `prefetch(_:hitLeaf:)` starts from: the instance's own lines and its arrays'
    /// storage (see `Prefetch`). Fixed for the topic's life (its arrays are constants), so the
    /// classifier computes them once and prefetches a candidate topic without touching the topic
    /// (reading a property, or retaining, would wait for the very line asked for).
    var prefetchAddresses: [UInt] {
        let object = UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque())
        // The lines holding bytes 0, 64 and `hotBytes - 1`: all of the hot bytes wherever the object
        // starts within a line (malloc aligns it to 16 bytes only).
        return [
            object, object + 64, object + UInt(Self.hotBytes - 1), Prefetch.storageAddress(of: requiredMasks ?? []),
            Prefetch.storageAddress(of: leafTermNumbers), Prefetch.storageAddress(of: leafFields),
            Prefetch.storageAddress(of: oneWordAtomRanges), Prefetch.storageAddress(of: oneWordAtoms),
        ]
    }

    /// The number of addresses in `prefetchAddresses`.
    static let prefetchAddressCount = 8

    /// Starts loading the lines `TopicEvaluation` reads first for a candidate whose lowest hit leaf
    /// is `hitLeaf` (below 64), given its `prefetchAddresses`: the object's hot lines, the required
    /// masks, the lines of that leaf's term number, fields and atom range (where an evaluation that
    /// holds starts gathering evidence; the arrays' first lines hold only the elements of the first
    /// leaves), and the start of the atoms. Not the leaves themselves: only a matching topic reads
    /// them, for its explanation, and `TopicEvaluation.score` prefetches those it will read. (One
    /// line per array: the processor holds only so many misses in flight, and a profile with two
    /// lines per array showed the prefetches themselves waiting for free slots.)
    @inline(__always)
    static func prefetch(_ addresses: UnsafePointer<UInt>, hitLeaf: Int) {
        // An array's elements follow its storage's 32-byte header (object header, count, capacity).
        let header: UInt = 32
        let leaf = UInt(hitLeaf)
        @inline(__always) func line(_ address: UInt) {
            if let pointer = UnsafeRawPointer(bitPattern: address) { Prefetch.line(pointer) }
        }
        line(addresses[0])
        line(addresses[1])
        line(addresses[2])
        line(addresses[3])
        line(addresses[4] &+ header &+ leaf &* UInt(MemoryLayout<Int32>.stride))
        line(addresses[5] &+ header &+ leaf &* UInt(MemoryLayout<FieldSet>.stride))
        line(addresses[6] &+ header &+ leaf &* UInt(MemoryLayout<Range<Int32>>.stride))
        line(addresses[7])
    }

    /// How many bytes from its start a `CompiledTopic` instance's evaluation reads: the 16-byte
    /// header and the stored properties up to `name` (they span three cache lines at most).
    static let hotBytes = 152

    /// The bit-mask form of a query (see `requiredMasks`), or nil masks when it has none; `masked`
    /// says which leaves have bits.
    private static func maskForm(of root: CompiledNode, masked: UInt64) -> ([UInt64]?, UInt64) {
        /// The bits of a masked one-word leaf or an OR of them.
        func bits(_ node: CompiledNode) -> UInt64? {
            switch node {
            case .leaf(let number) where number < maskedLeafLimit && masked & (1 << UInt64(number)) != 0:
                return 1 << UInt64(number)
            case .any(let members):
                var result: UInt64 = 0
                for member in members {
                    guard let memberBits = bits(member) else { return nil }
                    result |= memberBits
                }
                return result
            default:
                return nil
            }
        }
        let conjuncts: [CompiledNode]
        if case .all(let members) = root { conjuncts = members } else { conjuncts = [root] }
        var required: [UInt64] = []
        var forbidden: UInt64 = 0
        for conjunct in conjuncts {
            if case .not(let child) = conjunct {
                guard let childBits = bits(child) else { return (nil, 0) }
                forbidden |= childBits
            } else {
                guard let conjunctBits = bits(conjunct) else { return (nil, 0) }
                required.append(conjunctBits)
            }
        }
        // A query of negations alone holds on entries with no hit at all, which the index cannot
        // propose; those stay with the general evaluator (they are always candidates anyway).
        return required.isEmpty ? (nil, 0) : (required, forbidden)
    }

    /// Lays a tree out as `FlatNode`s, children before parents.
    private struct Flattener {
        var nodes: [FlatNode] = []
        var children: [Int32] = []
        var languageCodes: [String] = []

        mutating func flatten(_ node: CompiledNode) -> Int32 {
            let flat: FlatNode
            switch node {
            case .leaf(let index): flat = FlatNode(kind: .leaf, first: Int32(index), end: 0)
            case .near(let index): flat = FlatNode(kind: .near, first: Int32(index), end: 0)
            case .language(let code):
                languageCodes.append(code)
                flat = FlatNode(kind: .language, first: Int32(languageCodes.count - 1), end: 0)
            case .all(let members), .any(let members):
                let indices = members.map { flatten($0) }
                let start = Int32(children.count)
                children += indices
                let kind: FlatNode.Kind
                if case .all = node { kind = .all } else { kind = .any }
                flat = FlatNode(kind: kind, first: start, end: Int32(children.count))
            case .not(let child): flat = FlatNode(kind: .not, first: flatten(child), end: 0)
            }
            nodes.append(flat)
            return Int32(nodes.count - 1)
        }
    }

    /// Whether the tree is true for an entry in which no term occurs and no language test holds.
    private static func holdsWithoutWords(_ node: CompiledNode) -> Bool {
        switch node {
        case .leaf, .near, .language: false
        case .all(let children): children.allSatisfy(holdsWithoutWords)
        case .any(let children): children.contains(where: holdsWithoutWords)
        case .not(let child): !holdsWithoutWords(child)
        }
    }

    /// Which word of a term the index lists it under: for a phrase, its longest word that is not a
    /// function word (`de minimis` under `minimis`, not `de`), the first on a tie or when all are.
    /// A phrase holds only where each of its words occurs, so its hit bit meaning "this word
    /// occurs" rules out as much as "the first word occurs" did; but a function word occurs in
    /// most entries of its language, and made the topic a candidate (evaluated, then rejected)
    /// for most of them.
    static func anchor(of term: QueryTerm) -> Int {
        var best = 0
        var bestLength = -1
        for (number, word) in term.words.enumerated() {
            let length = LanguageDetector.flags(of: word.surface) != 0 ? 0 : word.surface.utf8.count
            if length > bestLength {
                best = number
                bestLength = length
            }
        }
        return best
    }

    /// Builds leaves and nodes from a parsed tree.
    private struct Compiler {
        let topicIndex: Int
        let stemmers: StemmerSet
        /// See `CompiledTopic.listedLeafLimit`.
        let listedLeafLimit: Int
        /// See `ClassifierStrategy.anchorsPhrasesOnRareWords`.
        let anchorsPhrasesOnRareWords: Bool
        var leaves: [CompiledLeaf] = []
        var nears: [CompiledNear] = []
        var hasLanguageTest = false
        var positiveLanguages: [String] = []
        /// Whether some leaf is past `listedLeafLimit`, so not in the index.
        var hasUnlistedLeaves = false

        mutating func compile(_ node: QueryNode, isPositive: Bool, isInsideNear: Bool, index: inout TermIndex)
            -> CompiledNode
        {
            switch node {
            case .term(let term):
                // A term written twice (`tariff* ... -(x -tariff*)`) finds the same words twice; its
                // words are evidence once.
                let isRepeat = leaves.contains { $0.isEvidence && $0.text == term.text && $0.fields == term.fields }
                leaves.append(leaf(term, isEvidence: isPositive && !isInsideNear && !isRepeat, index: &index))
                return .leaf(leaves.count - 1)
            case .language(let code):
                hasLanguageTest = true
                if isPositive, !positiveLanguages.contains(code) { positiveLanguages.append(code) }
                return .language(code)
            case .all(let children):
                return .all(children.map { compile($0, isPositive: isPositive, isInsideNear: isInsideNear, index: &index) })
            case .any(let children):
                return .any(children.map { compile($0, isPositive: isPositive, isInsideNear: isInsideNear, index: &index) })
            case .not(let child):
                return .not(compile(child, isPositive: !isPositive, isInsideNear: isInsideNear, index: &index))
            case .near(let left, let right, let distance, let text):
                let leftLeaves = operandLeaves(left, index: &index)
                let rightLeaves = operandLeaves(right, index: &index)
                let boost = (leftLeaves + rightLeaves).map { leaves[$0].boost }.max() ?? 1
                nears.append(
                    CompiledNear(
                        text: Prefetch.compact(text), left: leftLeaves, right: rightLeaves, distance: Int32(distance),
                        isEvidence: isPositive, boost: boost))
                return .near(nears.count - 1)
            }
        }

        /// The leaves of a NEAR operand: a term, an OR of terms, or (for a chained NEAR) its leaves.
        private mutating func operandLeaves(_ node: QueryNode, index: inout TermIndex) -> [Int] {
            switch node {
            case .term(let term):
                leaves.append(leaf(term, isEvidence: false, index: &index))
                return [leaves.count - 1]
            case .any(let children):
                return children.flatMap { operandLeaves($0, index: &index) }
            default:
                // The parser only lets terms and ORs of terms through.
                return []
            }
        }

        /// Binds a term's words to atoms: stems for bare words (in every stemming language, since
        /// the entry's language is only known per entry), surfaces for quoted words, prefixes for `*`.
        private mutating func leaf(_ term: QueryTerm, isEvidence: Bool, index: inout TermIndex) -> CompiledLeaf {
            let words = term.words.map { word -> [Int32] in
                if word.isPrefix { return [index.atom(for: .prefix(word.surface), topic: topicIndex)] }
                if term.isExact { return [index.atom(for: .surface(word.surface), topic: topicIndex)] }
                var atoms: [Int32] = []
                for language in StemmingLanguage.allCases {
                    let atom = index.atom(
                        for: .stem(language, stemmers.stem(word.surface, in: language)), topic: topicIndex)
                    if !atoms.contains(atom) { atoms.append(atom) }
                }
                return atoms
            }
            // Leaves are marked in the entry's hit bits when they occur; phrases when their anchor
            // word occurs (see `anchor(of:)`), which rules most of them out without looking at positions.
            if leaves.count < listedLeafLimit {
                for atom in words[anchorsPhrasesOnRareWords ? CompiledTopic.anchor(of: term) : 0] {
                    index.addLeaf(
                        LeafReference(topic: Int32(topicIndex), leaf: UInt16(leaves.count), fields: term.fields.rawValue),
                        atom: atom)
                }
            } else {
                hasUnlistedLeaves = true
            }
            return CompiledLeaf(
                text: term.text, words: words, fields: term.fields, isEvidence: isEvidence, boost: term.boost)
        }
    }
}
