import Foundation
import FeedwatchModel

/// One (term, field) pair of evidence for a topic.
struct Evidence {
    /// The term's number (`CompiledTopic.leafTermNumbers`): equal texts, equal numbers.
    var term: Int32
    /// The leaf (N >= 0) or NEAR (-1 - N) whose text is shown for it: the first one found.
    var source: Int32
    var field: UInt8
    var count: Int
    var first: Occurrence
}

/// A topic that matched an entry, its `Match` not yet built (see `TopicEvaluation.score`).
struct PendingMatch {
    /// The topic's index.
    var topic: Int32
    var score: Double
    /// Its evidence's range in the entry's pending evidence.
    var evidenceStart: Int32
    var evidenceEnd: Int32
    /// `lang:NN` for each positive `lang:` test that holds (evidence too).
    var languageTerms: [String]
}

/// Evaluates one compiled topic against the atom occurrences recorded for one entry, then scores it.
///
/// A one-word term is decided from per-atom field masks alone; phrases and NEARs walk occurrence
/// chains, and their results are remembered so that the boolean test and the score match them once.
struct TopicEvaluation {
    /// The topic.
    private let topic: CompiledTopic
    /// The entry's recorded atom occurrences.
    private let scratch: ClassifierScratch
    /// The entry's language code, for `lang:`.
    private let language: String?
    /// The topic's hit bits of leaves 64 and up, nil when none is set (see `ClassifierScratch.wideHits`).
    private let wideHits: UnsafePointer<UInt64>?
    /// Occurrences of multi-word leaves, once computed.
    private var leafOccurrences = OccurrenceMemo()
    /// Bit N set when phrase leaf N (N < 64) has been checked by `phraseOccurs`...
    private var phrasesChecked: UInt64 = 0
    /// ... and bit N set when it occurs.
    private var phrasesFound: UInt64 = 0
    /// Occurrences of each NEAR, once computed.
    private var nearOccurrences = OccurrenceMemo()

    /// Prepares to evaluate `topic` on the entry recorded in `scratch`.
    init(topic: CompiledTopic, scratch: ClassifierScratch, language: String?) {
        self.topic = topic
        self.scratch = scratch
        self.language = language
        wideHits = scratch.wideHits(of: topic)
    }


    /// The score, if the query holds and the evidence reaches the topic's minimum score; the
    /// evidence is then appended to `pendingEvidence`, for `match(_:topic:evidence:fields:explain:)`.
    mutating func score(appendingEvidenceTo pendingEvidence: inout ScratchList<Evidence>) -> PendingMatch? {
        let hits = scratch.leafHits[topic.index]
        if let required = topic.requiredMasks {
            // A phrase's bit says only that its anchor word occurs: keep it where the phrase does.
            var decided = hits
            var phrases = hits & topic.phraseLeaves
            while phrases != 0 {
                let index = phrases.trailingZeroBitCount
                phrases &= phrases - 1
                if !isHit(leaf: index) { decided &= ~(1 << UInt64(index)) }
            }
            guard decided & topic.forbiddenMask == 0 else { return nil }
            for mask in required where decided & mask == 0 { return nil }
        } else if topic.usesSparseEvaluation {
            guard evaluateSparse() else { return nil }
        } else {
            guard evaluate(Int32(topic.nodes.count - 1)) else { return nil }
        }
        // The evidence lists are the scratch's, reused from topic to topic (the counted words are a
        // handful: a scan beats hashing).
        scratch.evidence.removeAll()
        scratch.countedWords.removeAll()
        var hitEvidence = hits & topic.maskedEvidence
        while hitEvidence != 0 {
            let index = hitEvidence.trailingZeroBitCount
            hitEvidence &= hitEvidence - 1
            // A one-word term: walk its atoms' occurrence chains directly, no list built. A word hit
            // through two atoms (its English and Spanish stems) is counted once by `counted`.
            let term = topic.leafTermNumbers[index]
            let source = Int32(index)
            let fields = topic.leafFields[index].rawValue
            for offset in topic.oneWordAtomRanges[index] {
                let atom = topic.oneWordAtoms[Int(offset)]
                guard scratch.occurs(atom, in: FieldSet(rawValue: fields)) else { continue }
                scratch.forEachOccurrence(of: atom) { occurrence in
                    if fields & (1 << occurrence.field) != 0 {
                        add(term, source, occurrence, to: &scratch.evidence, counted: &scratch.countedWords)
                    }
                }
            }
        }
        // Then the phrases and the leaves past the 64th, in leaf order, then the NEARs. Only the
        // phrases whose anchor word occurs are looked at, and the arrays of leaves past the 64th and
        // of NEARs only by topics that have them (each array's storage read is a cache miss).
        var phraseEvidence = hits & topic.phraseEvidence
        while phraseEvidence != 0 {
            let index = phraseEvidence.trailingZeroBitCount
            phraseEvidence &= phraseEvidence - 1
            guard isHit(leaf: index) else { continue }
            add(
                topic.leafTermNumbers[index], Int32(index), occurrences(ofLeaf: index), to: &scratch.evidence,
                counted: &scratch.countedWords)
        }
        if topic.wideHitWordCount > 0 {
            for index in topic.unmaskedEvidence where isHit(leaf: index) {
                add(
                    topic.leafTermNumbers[index], Int32(index), occurrences(ofLeaf: index), to: &scratch.evidence,
                    counted: &scratch.countedWords)
            }
        }
        if topic.hasEvidenceNears {
            for (index, near) in topic.nears.enumerated() where near.isEvidence && nearMayHold(near) {
                add(
                    topic.nearTermNumbers[index], -1 - Int32(index), occurrences(ofNear: index),
                    to: &scratch.evidence, counted: &scratch.countedWords)
            }
        }
        // Repeated evidence counts, but sublinearly: the fifth mention says less than the second.
        let evidence = scratch.evidence.buffer
        var score = 0.0
        for item in evidence {
            score += QueryField(rawValue: Int(item.field))!.weight * topic.boost(ofSource: item.source) * (1 + log(Double(item.count)))
        }
        // A `lang:` test that holds (and is not negated) is evidence too, worth one body mention, so
        // a topic such as `lang:es` alone fires at the default minimum.
        let languageTerms =
            !topic.hasPositiveLanguages ? [] : topic.positiveLanguages.filter { $0 == language }.map { "lang:" + $0 }
        score += Double(languageTerms.count)
        score = (score * 1000).rounded() / 1000
        guard score >= topic.minScore else { return nil }
        // The `Match` is built once every candidate is scored (`Classifier.classify`): copying a
        // term's text retains its storage, an atomic write that stalls on a cold line, one after the
        // other. Loading those lines now lets the misses overlap the other candidates' work.
        let start = pendingEvidence.count
        topic.leaves.withUnsafeBufferPointer { leaves in
            for item in evidence {
                if item.source >= 0, let address = UnsafeRawPointer(bitPattern: leaves[Int(item.source)].textAddress) {
                    Prefetch.line(address)
                }
                pendingEvidence.append(item)
            }
        }
        return PendingMatch(
            topic: Int32(topic.index), score: score, evidenceStart: Int32(start),
            evidenceEnd: Int32(pendingEvidence.count), languageTerms: languageTerms)
    }

    /// The `Match` of a topic that `score(appendingEvidenceTo:)` found matching, with its `evidence`.
    static func match(
        _ pending: PendingMatch, topic: CompiledTopic, evidence: UnsafeBufferPointer<Evidence>, fields: [AnalyzedField],
        explain: Bool
    ) -> Match {
        var terms =
            evidence.map { item -> MatchedTerm in
                let field = QueryField(rawValue: Int(item.field))!
                var snippet: String?
                if explain, let text = fields.first(where: { $0.field == field })?.text {
                    snippet = Snippet.excerpt(of: text, start: Int(item.first.start), end: Int(item.first.end))
                }
                let term = item.source >= 0 ? topic.leaves[Int(item.source)].text : topic.nears[Int(-1 - item.source)].text
                return MatchedTerm(term: term, field: field.name, snippet: snippet)
            }
        for term in pending.languageTerms { terms.append(MatchedTerm(term: term, field: "lang", snippet: nil)) }
        return Match(topic: topic.name, score: pending.score, terms: terms)
    }

    /// Adds the occurrences of one term to the evidence, counting per field. A word already counted
    /// for an earlier term (`gang` and `gangs` both match *gang*) is not evidence twice.
    private func add(
        _ term: Int32, _ source: Int32, _ occurrences: [Occurrence], to evidence: inout ScratchList<Evidence>,
        counted: inout ScratchList<Int64>
    ) {
        for occurrence in occurrences { add(term, source, occurrence, to: &evidence, counted: &counted) }
    }

    /// Adds one occurrence of a term to the evidence (see the other `add`).
    @inline(__always)
    private func add(
        _ term: Int32, _ source: Int32, _ occurrence: Occurrence, to evidence: inout ScratchList<Evidence>,
        counted: inout ScratchList<Int64>
    ) {
        let word = Int64(occurrence.field) << 32 | Int64(occurrence.firstPosition)
        if counted.buffer.contains(word) { return }
        counted.append(word)
        var existing = evidence.count - 1
        while existing >= 0, evidence[existing].field != occurrence.field || evidence[existing].term != term {
            existing -= 1
        }
        if existing >= 0 {
            evidence[existing].count += 1
            // Chains of two atoms interleave: keep the earliest occurrence for the snippet.
            if occurrence.start < evidence[existing].first.start { evidence[existing].first = occurrence }
        } else {
            evidence.append(Evidence(term: term, source: source, field: occurrence.field, count: 1, first: occurrence))
            // The explanation will read this leaf's text: start loading it (most leaves lie past the
            // lines prefetched with the topic).
            if source >= 0 { topic.leaves.withUnsafeBufferPointer { Prefetch.line($0.baseAddress! + Int(source)) } }
        }
    }

    /// Whether node `index` of the flat query tree holds for the entry.
    private mutating func evaluate(_ index: Int32) -> Bool {
        let node = topic.nodes[Int(index)]
        switch node.kind {
        case .leaf: return isHit(leaf: Int(node.first))
        case .near: return !occurrences(ofNear: Int(node.first)).isEmpty
        case .language: return language == topic.languageCodes[Int(node.first)]
        case .all:
            for offset in node.first..<node.end where !evaluate(topic.children[Int(offset)]) { return false }
            return true
        case .any:
            for offset in node.first..<node.end where evaluate(topic.children[Int(offset)]) { return true }
            return false
        case .not: return !evaluate(node.first)
        }
    }

    /// Whether the root holds, visiting only the nodes the entry's hits can change (see `SparseQuery`).
    private mutating func evaluateSparse() -> Bool {
        let generation = scratch.nextNodeGeneration()
        let sparse = topic.sparse
        var bits = scratch.leafHits[topic.index]
        while bits != 0 {
            let leaf = bits.trailingZeroBitCount
            bits &= bits - 1
            markDirty(sparse.leafNodes[leaf], generation: generation, sparse: sparse)
        }
        if let wideHits {
            for word in 0..<topic.wideHitWordCount {
                var bits = wideHits[word]
                while bits != 0 {
                    let leaf = CompiledTopic.maskedLeafLimit + 64 * word + bits.trailingZeroBitCount
                    bits &= bits - 1
                    markDirty(sparse.leafNodes[leaf], generation: generation, sparse: sparse)
                }
            }
        }
        for node in sparse.languageNodes { markDirty(node, generation: generation, sparse: sparse) }
        let root = Int32(topic.nodes.count - 1)
        guard scratch.nodeMark[Int(root)] == generation else { return sparse.defaults[Int(root)] }
        return evaluateDirty(root, sparse: sparse)
    }

    /// Marks `node` and its ancestors dirty, linking each into its parent's list of dirty children.
    private func markDirty(_ node: Int32, generation: UInt32, sparse: SparseQuery) {
        var node = node
        var child: Int32 = -1
        while node >= 0 {
            let slot = Int(node)
            if scratch.nodeMark[slot] == generation {
                if child >= 0 {
                    scratch.nodeNextDirtySibling[Int(child)] = scratch.nodeFirstDirtyChild[slot]
                    scratch.nodeFirstDirtyChild[slot] = child
                }
                return
            }
            scratch.nodeMark[slot] = generation
            scratch.nodeFirstDirtyChild[slot] = child
            if child >= 0 { scratch.nodeNextDirtySibling[Int(child)] = -1 }
            child = node
            node = sparse.parents[slot]
        }
    }

    /// Whether dirty node `index` holds; its clean children have their default values.
    private mutating func evaluateDirty(_ index: Int32, sparse: SparseQuery) -> Bool {
        let node = topic.nodes[Int(index)]
        switch node.kind {
        case .leaf: return isHit(leaf: Int(node.first))
        case .near:
            // Dirty when either side has a hit: most of those lack the other side.
            return nearMayHold(topic.nears[Int(node.first)]) && !occurrences(ofNear: Int(node.first)).isEmpty
        case .language: return language == topic.languageCodes[Int(node.first)]
        case .all, .any:
            // The clean children decide first: an AND with a clean false child fails, an OR with a
            // clean true child holds.
            let isAll = node.kind == .all
            var cleanDeciders =
                isAll ? node.end - node.first - sparse.trueDefaultChildren[Int(index)] : sparse.trueDefaultChildren[Int(index)]
            var child = scratch.nodeFirstDirtyChild[Int(index)]
            while child >= 0 {
                if sparse.defaults[Int(child)] != isAll { cleanDeciders -= 1 }
                child = scratch.nodeNextDirtySibling[Int(child)]
            }
            if cleanDeciders > 0 { return !isAll }
            child = scratch.nodeFirstDirtyChild[Int(index)]
            while child >= 0 {
                if evaluateDirty(child, sparse: sparse) != isAll { return !isAll }
                child = scratch.nodeNextDirtySibling[Int(child)]
            }
            return isAll
        case .not: return !evaluateDirty(node.first, sparse: sparse)
        }
    }

    /// Whether a leaf's hit bit is set (for a one-word leaf: it occurs; for a phrase: its anchor word
    /// does); true for leaves past `listedLeafLimit`, which have none.
    private func hasHitBit(_ index: Int) -> Bool {
        if index < CompiledTopic.maskedLeafLimit { return scratch.leafHits[topic.index] & (1 << UInt64(index)) != 0 }
        guard index < topic.listedLeafLimit else { return true }
        let bit = index - CompiledTopic.maskedLeafLimit
        guard let wideHits else { return false }
        return wideHits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// False when a side of a NEAR has no leaf with a hit bit, so it cannot hold (without building
    /// occurrence lists).
    private func nearMayHold(_ near: CompiledNear) -> Bool {
        near.left.contains(where: hasHitBit) && near.right.contains(where: hasHitBit)
    }

    /// Whether a term occurs: for one word, straight from the entry's hit bits or the atoms' field masks.
    private mutating func isHit(leaf index: Int) -> Bool {
        if index < CompiledTopic.maskedLeafLimit, topic.maskedLeaves & (1 << UInt64(index)) != 0 {
            return scratch.leafHits[topic.index] & (1 << UInt64(index)) != 0
        }
        if index < CompiledTopic.maskedLeafLimit, scratch.leafHits[topic.index] & (1 << UInt64(index)) == 0 {
            return false  // a phrase whose anchor word does not occur
        }
        let range = topic.oneWordAtomRanges[index]
        if index >= CompiledTopic.maskedLeafLimit, index < topic.listedLeafLimit {
            // Listed past the 64th: the wide bit says whether a one-word leaf occurs, and whether a
            // phrase's anchor word does.
            let bit = index - CompiledTopic.maskedLeafLimit
            guard let wideHits, wideHits[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return false }
            if !range.isEmpty { return true }
        }
        let fields = topic.leafFields[index]
        if !range.isEmpty {
            for offset in range where scratch.occurs(topic.oneWordAtoms[Int(offset)], in: fields) { return true }
            return false
        }
        // A phrase: each of its words must occur in its fields (its words' atoms follow the one-word
        // leaves' in `oneWordAtoms`: the word count, then per word its atom count and atoms).
        let allWordsOccur = topic.oneWordAtoms.withUnsafeBufferPointer { code in
            var cursor = Int(range.lowerBound)
            let wordCount = Int(code[cursor])
            cursor += 1
            for _ in 0..<wordCount {
                let atomCount = Int(code[cursor])
                var found = false
                for offset in (cursor + 1)..<(cursor + 1 + atomCount) where scratch.occurs(code[offset], in: fields) {
                    found = true
                    break
                }
                if !found { return false }
                cursor += 1 + atomCount
            }
            return true
        }
        guard allWordsOccur else { return false }
        // Most phrases whose words all occur are not there as a phrase: say so without building
        // occurrence lists (they are built only for evidence, from phrases that hold).
        if index < CompiledTopic.maskedLeafLimit {
            let bit: UInt64 = 1 << UInt64(index)
            if phrasesChecked & bit == 0 {
                phrasesChecked |= bit
                if phraseOccurs(topic.leaves[index]) { phrasesFound |= bit }
            }
            return phrasesFound & bit != 0
        }
        return phraseOccurs(topic.leaves[index])
    }

    /// Whether a phrase occurs: an occurrence of its first word, in one of its fields, followed in
    /// that field by its other words at the next positions. (The same test `occurrences(ofLeaf:)`
    /// makes, without lists.)
    private func phraseOccurs(_ leaf: CompiledLeaf) -> Bool {
        var found = false
        for atom in leaf.words[0] where scratch.occurs(atom, in: leaf.fields) {
            scratch.forEachOccurrence(of: atom) { start in
                guard !found, leaf.fields.rawValue & (1 << start.field) != 0 else { return }
                var wanted = start.firstPosition
                for word in leaf.words.dropFirst() {
                    wanted += 1
                    guard occurs(word, field: start.field, position: wanted) else { return }
                }
                found = true
            }
            if found { return true }
        }
        return false
    }

    /// Whether any of a word's atoms occurs in `field` at `position`.
    private func occurs(_ atoms: [Int32], field: UInt8, position: Int32) -> Bool {
        var found = false
        for atom in atoms where scratch.occurs(atom, in: FieldSet(rawValue: 1 << field)) {
            scratch.forEachOccurrence(of: atom) { occurrence in
                if occurrence.field == field, occurrence.firstPosition == position { found = true }
            }
            if found { return true }
        }
        return false
    }

    /// Where a term occurs: each word found in one of its fields, a phrase's words at successive positions.
    private mutating func occurrences(ofLeaf index: Int) -> [Occurrence] {
        let leaf = topic.leaves[index]
        if leaf.words.count == 1 { return occurrences(ofWord: leaf.words[0], in: leaf.fields) }
        if let known = leafOccurrences.list(index, of: topic.leaves.count) { return known }
        let first = occurrences(ofWord: leaf.words[0], in: leaf.fields)
        var result: [Occurrence] = []
        if !first.isEmpty {
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
        leafOccurrences.set(index, result)
        return result
    }

    /// Occurrences of any of a word's atoms within `fields`, one per position, in text order.
    private func occurrences(ofWord atoms: [Int32], in fields: FieldSet) -> [Occurrence] {
        var result: [Occurrence] = []
        var sources = 0
        for atom in atoms where scratch.occurs(atom, in: fields) {
            sources += 1
            scratch.forEachOccurrence(of: atom) { occurrence in
                if fields.rawValue & (1 << occurrence.field) != 0 { result.append(occurrence) }
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
        if let known = nearOccurrences.list(index, of: topic.nears.count) { return known }
        let near = topic.nears[index]
        var left: [Occurrence] = []
        for leaf in near.left where isHit(leaf: leaf) { left += occurrences(ofLeaf: leaf) }
        var right: [Occurrence] = []
        if !left.isEmpty {
            for leaf in near.right where isHit(leaf: leaf) { right += occurrences(ofLeaf: leaf) }
        }
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
        nearOccurrences.set(index, result)
        return result
    }
}

/// The occurrence lists a `TopicEvaluation` has computed for its leaves or its NEARs, by index.
///
/// An array of optional lists, one per leaf, stood here: a topic of the default configuration has
/// hundreds of leaves, and freeing that array at the end of each evaluation destroyed every element
/// through `Optional`'s generic value witness (a tenth of classifying a cold pass of typical feeds,
/// callgrind). Here the per-index array holds plain numbers, freed without visiting them, and only
/// the lists computed (a few) are arrays to release.
struct OccurrenceMemo {
    /// Per index: 1 + the position of its list in `lists`, 0 while not computed (allocated on
    /// first need).
    private var positions: [Int32] = []
    /// The computed lists.
    private var lists: [[Occurrence]] = []

    /// The list computed for `index` (of `count` indices), nil when not yet computed.
    @inline(__always)
    mutating func list(_ index: Int, of count: Int) -> [Occurrence]? {
        if positions.isEmpty { positions = Array(repeating: 0, count: count) }
        let position = positions[index]
        return position == 0 ? nil : lists[Int(position) - 1]
    }

    /// Records the list computed for `index` (after `list(_:of:)` returned nil for it).
    mutating func set(_ index: Int, _ list: [Occurrence]) {
        lists.append(list)
        positions[index] = Int32(lists.count)
    }
}
