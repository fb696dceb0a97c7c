import CStemmer

/// A per-thread table of the folded words seen in entries: word bytes → a word number, and per word
/// what classifying needs (function-word flags for the language detector, whether it hits any index
/// atom, and which).
///
/// News reuses its vocabulary, so after warm-up each entry word costs one hash of its bytes and one
/// probe of a 32-byte slot, which holds the word's first 16 bytes, its flags and whether it hits any
/// atom: a word of up to 16 bytes (nearly all) is compared and settled in one cache line. Strings, stems and index
/// lookups are made only the first time a word is met. Storage is manual (pointers freed in
/// `deinit`) because this is the hottest loop of classification and arrays' uniqueness, bounds and
/// exclusivity checks showed in profiles.
final class Vocabulary {
    /// One hash-table slot.
    struct Slot {
        /// The word number, -1 when the slot is empty.
        var word: Int32
        /// The word's byte count (capped at 255; longer words compare in the arena).
        var length: UInt8
        /// Eight more bits of the hash, to skip most mismatches without touching the bytes.
        var tag: UInt8
        /// Bit 0: an English function word; bit 1: a Spanish one.
        var functionWordFlags: UInt8
        /// Bits 0-3: atoms looked up for language mode N; bits 4-7: mode N hits at least one atom.
        var modeFlags: UInt8
        /// The word's first eight bytes, zero-padded.
        var head: UInt64
        /// The word's next eight bytes, zero-padded.
        var tail: UInt64
        /// The word's mixed hash (to grow the table without rehashing the bytes).
        var hash: UInt64
    }

    // The stored properties below skip Swift's dynamic exclusivity checks (`@exclusivity(unchecked)`):
    // a check costs a thread-local lookup on every read of a class's `var`, several per word in the
    // hottest loop, and they cannot fail here: a vocabulary belongs to one `ClassifierScratch`, used by
    // one thread at a time, and no method reads a property while mutating the same one.

    /// The slots; `capacity` is a power of two.
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>
    /// The number of slots.
    @exclusivity(unchecked) private var capacity: Int
    /// Per word: its slot (updated when the table grows).
    @exclusivity(unchecked) private var slotOfWord: [Int32] = []
    /// Per word: where its bytes start in `arena`, and their count.
    @exclusivity(unchecked) private var byteRanges: [Range<Int32>] = []
    /// Every word's folded bytes, end to end.
    @exclusivity(unchecked) private var arena: [UInt8] = []
    /// Per word and language mode: its atoms' range in `atomArena`.
    @exclusivity(unchecked) private var atomRanges = ScratchList<AtomRange>(capacity: 1 << 14)
    /// A range in `atomArena` (a `Range<Int32>` is not `BitwiseCopyable`, which `ScratchList` needs).
    struct AtomRange {
        var lowerBound: Int32
        var upperBound: Int32
    }

    /// Atom lists, end to end (read for every entry word that hits an atom: no reference counting).
    @exclusivity(unchecked) private(set) var atomArena = ScratchList<Int32>(capacity: 1 << 14)

    /// Past this many words the table starts over, so a long-running daemon's memory stays bounded.
    static let wordLimit = 200_000
    /// The slot count of a new table.
    private static let initialCapacity = 1 << 12

    /// A word an `EntryTokenSink` has hashed and prefetched but not yet probed (see `lookahead`).
    struct PendingWord {
        var key: Key
        var byteCount: Int32
        var position: Int32
        var start: Int32
        var end: Int32
        var isJoinedForm: Bool
    }

    /// How many words an entry's scan hashes ahead of the one it probes: the slot of a word seen
    /// rarely is usually not in the core's caches (the table is several MB), and hashing it a few
    /// words early and prefetching its slot lets the load overlap the scanning of the next words.
    static let lookahead = 4
    /// Words longer than this are probed at once, without lookahead.
    static let lookaheadWordBytes = 64
    /// The pending words' ring (`lookahead` records; see `EntryTokenSink`), reused for every field.
    let pendingWords: UnsafeMutablePointer<PendingWord>
    /// The pending words' folded bytes, `lookaheadWordBytes` per ring record.
    let pendingBytes: UnsafeMutablePointer<UInt8>

    /// The tokens of the field being analysed (see `EntryTokenSink`), `tokenCapacity` of them.
    @exclusivity(unchecked) private(set) var tokenBuffer: UnsafeMutablePointer<EntryToken>
    /// See `tokenBuffer`.
    @exclusivity(unchecked) private(set) var tokenCapacity = 256

    /// Creates an empty vocabulary.
    init() {
        capacity = Self.initialCapacity
        slots = Self.allocateEmpty(capacity)
        pendingWords = .allocate(capacity: Self.lookahead)
        pendingBytes = .allocate(capacity: Self.lookahead * Self.lookaheadWordBytes)
        tokenBuffer = .allocate(capacity: tokenCapacity)
    }

    deinit {
        slots.deallocate()
        pendingWords.deallocate()
        pendingBytes.deallocate()
        tokenBuffer.deallocate()
        atomRanges.deallocate()
        atomArena.deallocate()
    }

    /// Doubles `tokenBuffer`, keeping its tokens.
    func growTokenBuffer() {
        let grown = UnsafeMutablePointer<EntryToken>.allocate(capacity: tokenCapacity * 2)
        grown.moveInitialize(from: tokenBuffer, count: tokenCapacity)
        tokenBuffer.deallocate()
        tokenBuffer = grown
        tokenCapacity *= 2
    }

    /// The number of words.
    var count: Int { slotOfWord.count }

    /// Forgets every word (only between entries: word numbers of the current entry would dangle).
    func removeAll() {
        slots.deallocate()
        capacity = Self.initialCapacity
        slots = Self.allocateEmpty(capacity)
        slotOfWord.removeAll(keepingCapacity: true)
        byteRanges.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        atomRanges.removeAll()
        atomArena.removeAll()
    }

    /// What a probe of the table needs from a word's bytes: its hash and first sixteen bytes.
    struct Key {
        /// The word's hash (see `mix`).
        var hash: UInt64
        /// The word's first eight bytes, zero-padded.
        var head: UInt64
        /// The word's next eight bytes, zero-padded.
        var tail: UInt64
    }

    /// The probe key of a folded word.
    @inline(__always)
    static func key(of folded: UnsafeBufferPointer<UInt8>) -> Key {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        var rest: UInt64 = 0
        for offset in 0..<folded.count {
            let byte = UInt64(folded[offset])
            if offset < 8 {
                head |= byte << (8 * UInt64(offset))
            } else if offset < 16 {
                tail |= byte << (8 * UInt64(offset - 8))
            } else {
                // FNV-1a over the bytes past the sixteenth (rare: long words).
                rest = ((rest == 0 ? 0xcbf2_9ce4_8422_2325 : rest) ^ byte) &* 0x100_0000_01b3
            }
        }
        return Key(hash: mix(head: head, tail: tail, count: folded.count, rest: rest), head: head, tail: tail)
    }

    /// The probe key of a folded word of at most sixteen bytes, from its first eight bytes and its
    /// next eight, zero-padded (what `TextAnalyzer.scan` has at hand): the same as `key(of:)`.
    @inline(__always)
    static func key(head: UInt64, tail: UInt64, count: Int) -> Key {
        Key(hash: mix(head: head, tail: tail, count: count, rest: 0), head: head, tail: tail)
    }

    /// The hash of a word's first sixteen bytes, its length and (for longer words) a hash of the
    /// rest: two multiplications per word rather than one per byte, and every output bit depends on
    /// every input bit (the table index takes the low bits, the tag the top ones).
    @inline(__always)
    private static func mix(head: UInt64, tail: UInt64, count: Int, rest: UInt64) -> UInt64 {
        var hash = (head ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        hash ^= (tail ^ rest ^ UInt64(truncatingIfNeeded: count)) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        hash = hash &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }

    /// Starts loading the cache line of the slot where a probe for `key` begins (a hint: the table
    /// may grow before the probe, which then simply misses).
    @inline(__always)
    func prefetch(_ key: Key) {
        feedwatch_prefetch(slots + (Int(truncatingIfNeeded: key.hash) & (capacity - 1)))
    }

    /// The slot of a folded word, added on first sight.
    @inline(__always)
    func slot(for folded: UnsafeBufferPointer<UInt8>) -> Slot {
        slot(for: folded, key: Self.key(of: folded))
    }

    /// The slot of a folded word whose key is `key` (see `key(of:)`), added on first sight.
    @inline(__always)
    func slot(for folded: UnsafeBufferPointer<UInt8>, key: Key) -> Slot {
        let mixed = key.hash
        let head = key.head
        let tail = key.tail
        let tag = UInt8(truncatingIfNeeded: mixed >> 56)
        let length = UInt8(min(folded.count, 255))
        let mask = capacity - 1
        var index = Int(truncatingIfNeeded: mixed) & mask
        while true {
            let candidate = slots[index]
            if candidate.word < 0 { break }
            if candidate.tag == tag, candidate.length == length, candidate.head == head, candidate.tail == tail,
                folded.count <= 16 || bytesEqual(Int(candidate.word), folded)
            {
                return candidate
            }
            index = (index + 1) & mask
        }
        return insert(folded, at: index, hash: mixed, head: head, tail: tail)
    }

    /// Adds a new word in the empty slot `index`.
    private func insert(
        _ folded: UnsafeBufferPointer<UInt8>, at index: Int, hash: UInt64, head: UInt64, tail: UInt64
    ) -> Slot {
        let word = Int32(slotOfWord.count)
        let start = Int32(arena.count)
        arena.append(contentsOf: folded)
        byteRanges.append(start..<Int32(arena.count))
        atomRanges.append(contentsOf: repeatElement(AtomRange(lowerBound: 0, upperBound: 0), count: LanguageMode.count))
        let slot = Slot(
            word: word, length: UInt8(min(folded.count, 255)), tag: UInt8(truncatingIfNeeded: hash >> 56),
            functionWordFlags: LanguageDetector.flags(of: String(decoding: folded, as: UTF8.self)), modeFlags: 0,
            head: head, tail: tail, hash: hash)
        slots[index] = slot
        slotOfWord.append(Int32(index))
        if slotOfWord.count * 2 > capacity { grow() }
        return slot
    }

    /// The folded form of a word as a string.
    func surface(of word: Int32) -> String {
        let range = byteRanges[Int(word)]
        return arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(range.lowerBound)..<Int(range.upperBound)]), as: UTF8.self)
        }
    }

    /// The range in `atomArena` of the atoms a word hits in a language mode, looked up on first need.
    func atoms(of word: Int32, mode: LanguageMode, index: TermIndex, stemmers: StemmerSet) -> Range<Int> {
        let slotIndex = Int(slotOfWord[Int(word)])
        let computedBit = UInt8(1) << UInt8(mode.rawValue)
        if slots[slotIndex].modeFlags & computedBit == 0 {
            let found = index.atoms(surface: surface(of: word), languages: mode.languages) { word, language in
                stemmers.stem(word, in: language)
            }
            let start = Int32(atomArena.count)
            atomArena.append(contentsOf: found)
            atomRanges[Int(word) * LanguageMode.count + mode.rawValue] = AtomRange(
                lowerBound: start, upperBound: Int32(atomArena.count))
            slots[slotIndex].modeFlags |= computedBit | (found.isEmpty ? 0 : computedBit << 4)
        }
        let range = atomRanges[Int(word) * LanguageMode.count + mode.rawValue]
        return Int(range.lowerBound)..<Int(range.upperBound)
    }

    /// The range in `atomArena` of the atoms a word hits in a language mode already looked up (its
    /// slot's computed bit for the mode is set): `atoms(of:mode:index:stemmers:)` without the slot read.
    @inline(__always)
    func knownAtoms(of word: Int32, mode: LanguageMode) -> Range<Int> {
        let range = atomRanges[Int(word) * LanguageMode.count + mode.rawValue]
        return Int(range.lowerBound)..<Int(range.upperBound)
    }

    /// Starts loading a word's atom range for a mode (see `Prefetch`).
    @inline(__always)
    func prefetchAtomRange(of word: Int32, mode: LanguageMode) {
        Prefetch.line(atomRanges.base + (Int(word) * LanguageMode.count + mode.rawValue))
    }

    /// Starts loading the first atom of a word already looked up in a mode.
    @inline(__always)
    func prefetchAtomList(of word: Int32, mode: LanguageMode) {
        let range = atomRanges[Int(word) * LanguageMode.count + mode.rawValue]
        Prefetch.line(atomArena.base + Int(range.lowerBound))
    }

    /// Whether word `word`'s bytes equal `folded`.
    private func bytesEqual(_ word: Int, _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = byteRanges[word]
        guard Int(range.count) == folded.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            memcmpEqual(stored.baseAddress! + Int(range.lowerBound), folded.baseAddress!, folded.count)
        }
    }

    /// Byte-wise equality of two buffers of `count` bytes.
    @inline(__always)
    private func memcmpEqual(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for offset in 0..<count where left[offset] != right[offset] { return false }
        return true
    }

    /// Doubles the slot table and reinserts every word.
    private func grow() {
        let old = slots
        let oldCapacity = capacity
        capacity *= 2
        slots = Self.allocateEmpty(capacity)
        let mask = capacity - 1
        for oldIndex in 0..<oldCapacity where old[oldIndex].word >= 0 {
            let slot = old[oldIndex]
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].word >= 0 { index = (index + 1) & mask }
            slots[index] = slot
            slotOfWord[Int(slot.word)] = Int32(index)
        }
        old.deallocate()
    }

    /// A slot table of `count` empty slots.
    private static func allocateEmpty(_ count: Int) -> UnsafeMutablePointer<Slot> {
        let pointer = UnsafeMutablePointer<Slot>.allocate(capacity: count)
        pointer.initialize(repeating: Slot(word: -1, length: 0, tag: 0, functionWordFlags: 0, modeFlags: 0, head: 0, tail: 0, hash: 0), count: count)
        return pointer
    }
}
