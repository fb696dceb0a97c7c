import CStemmer

/// A per-thread table of the folded words seen in entries: word bytes → a word number, and per word
/// what classifying needs (function-word flags for the language detector, whether it hits any index
/// atom, and which).
///
/// News reuses its vocabulary, so after warm-up each entry word costs one hash of its bytes and one
/// probe of a 24-byte slot, which holds the word's first 16 bytes, its flags and whether it hits any
/// atom: a word of up to 16 bytes (nearly all) is compared and settled in one or two cache lines.
/// Strings, stems and index lookups are made only the first time a word is met. Storage is manual
/// (pointers freed in `deinit`) because this is the hottest loop of classification and arrays'
/// uniqueness, bounds and exclusivity checks showed in profiles.
///
/// The table is also what a classifying thread keeps for the life of the process (up to `wordLimit`
/// words), so it is kept dense: about 50 bytes a word in all (see `memoryUse`), where a table of
/// 32-byte slots at most half full with 32 bytes of atom ranges for every word took about 140.
/// - A slot keeps no hash: growing the table (rare) rehashes each word from its slot or its bytes.
/// - The table grows by half when three quarters full (its size need not be a power of two: a
///   hash is mapped to a slot by multiply-shift), so it stays between half and three quarters full;
///   linear probing there still settles most lookups, which find their word, in one or two slots.
/// - Atom ranges are kept only for the few words that hit an atom in some language mode (a side
///   table reached through the word's `atomRecords` entry); the slot's mode flags already say that
///   a mode hits nothing, so most words never read it.
/// - A word's bytes are found from its start offset alone (the next word's start ends them).
/// - Nothing maps a word back to its slot: `atoms(of:mode:index:stemmers:)`, which sets a slot's
///   mode flags and is called only for tokens read before their word was looked up in the mode
///   (in the entry where that happens), probes for it again.
final class Vocabulary {
    /// One hash-table slot (24 bytes).
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
    }

    // The stored properties below skip Swift's dynamic exclusivity checks (`@exclusivity(unchecked)`):
    // a check costs a thread-local lookup on every read of a class's `var`, several per word in the
    // hottest loop, and they cannot fail here: a vocabulary belongs to one `ClassifierScratch`, used by
    // one thread at a time, and no method reads a property while mutating the same one.

    /// The slots.
    @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>
    /// The number of slots (any size: see `home(of:)`).
    @exclusivity(unchecked) private var capacity: Int
    /// The number of words.
    @exclusivity(unchecked) private(set) var count = 0
    /// Per word, and one more: where its bytes start in `arena` (the next entry is where they end).
    @exclusivity(unchecked) private var byteStarts = ScratchList<Int32>(capacity: 1 << 12)
    /// Every word's folded bytes, end to end.
    @exclusivity(unchecked) private var arena = ScratchList<UInt8>(capacity: 1 << 15)
    /// Per word: its record in `atomRanges` (-1 until the word hits an atom in some mode).
    @exclusivity(unchecked) private var atomRecords = ScratchList<Int32>(capacity: 1 << 12)
    /// Per record (`LanguageMode.count` entries each): the atoms' range in `atomArena` for each mode
    /// (empty for a mode that hits nothing or has not been looked up).
    @exclusivity(unchecked) private var atomRanges = ScratchList<AtomRange>(capacity: 1 << 10)
    /// A range in `atomArena` (a `Range<Int32>` is not `BitwiseCopyable`, which `ScratchList` needs).
    struct AtomRange {
        var lowerBound: Int32
        var upperBound: Int32
    }

    /// Atom lists, end to end (read for every entry word that hits an atom: no reference counting).
    @exclusivity(unchecked) private(set) var atomArena = ScratchList<Int32>(capacity: 1 << 12)

    /// Past this many words a table starts over (see `startOverIfFull`), so a long-running daemon's
    /// memory stays bounded (about 10 MB a table at this limit).
    static let defaultWordLimit = 200_000
    /// This table's limit (`defaultWordLimit` but in tests).
    let wordLimit: Int
    /// The slot count of a new table.
    private static let initialCapacity = 1 << 12

    /// A word an `EntryTokenSink` has scanned, hashed and prefetched, to be probed once its field is
    /// scanned: its key, its byte count and, for a word of more than sixteen bytes, where its bytes
    /// sit in `longWordBytes` (a word of up to sixteen bytes is all in `key.head` and `key.tail`).
    struct PendingKey {
        var key: Key
        var byteCount: Int32
        var byteStart: Int32
    }

    /// The tokens of the field being analysed (see `EntryTokenSink`), `tokenCapacity` of them; their
    /// word numbers and flags are filled in when the field's words are probed.
    @exclusivity(unchecked) private(set) var tokenBuffer: UnsafeMutablePointer<EntryToken>
    /// Per token of `tokenBuffer`, its word's key, until the field's words are probed.
    @exclusivity(unchecked) private(set) var pendingKeys: UnsafeMutablePointer<PendingKey>
    /// See `tokenBuffer`.
    @exclusivity(unchecked) private(set) var tokenCapacity = 256
    /// The folded bytes of the field's pending words longer than sixteen bytes, end to end.
    @exclusivity(unchecked) var longWordBytes = ScratchList<UInt8>(capacity: 1 << 10)

    /// Creates an empty vocabulary that starts over past `wordLimit` words.
    init(wordLimit: Int = Vocabulary.defaultWordLimit) {
        self.wordLimit = wordLimit
        capacity = Self.initialCapacity
        slots = Self.allocateEmpty(capacity)
        byteStarts.append(0)
        tokenBuffer = .allocate(capacity: tokenCapacity)
        pendingKeys = .allocate(capacity: tokenCapacity)
    }

    deinit {
        slots.deallocate()
        byteStarts.deallocate()
        arena.deallocate()
        atomRecords.deallocate()
        atomRanges.deallocate()
        atomArena.deallocate()
        tokenBuffer.deallocate()
        pendingKeys.deallocate()
        longWordBytes.deallocate()
    }

    /// Doubles `tokenBuffer` and `pendingKeys`, keeping their contents.
    func growTokenBuffer() {
        let grown = UnsafeMutablePointer<EntryToken>.allocate(capacity: tokenCapacity * 2)
        grown.moveInitialize(from: tokenBuffer, count: tokenCapacity)
        tokenBuffer.deallocate()
        tokenBuffer = grown
        let grownKeys = UnsafeMutablePointer<PendingKey>.allocate(capacity: tokenCapacity * 2)
        grownKeys.moveInitialize(from: pendingKeys, count: tokenCapacity)
        pendingKeys.deallocate()
        pendingKeys = grownKeys
        tokenCapacity *= 2
    }

    /// Forgets every word once there are more than `wordLimit` (only between entries: word numbers
    /// of the current entry would dangle).
    func startOverIfFull() {
        if count > wordLimit { removeAll() }
    }

    /// Forgets every word (only between entries: word numbers of the current entry would dangle).
    func removeAll() {
        slots.deallocate()
        capacity = Self.initialCapacity
        slots = Self.allocateEmpty(capacity)
        count = 0
        byteStarts.removeAll()
        byteStarts.append(0)
        arena.removeAll()
        atomRecords.removeAll()
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
    ///
    /// The first sixteen bytes are gathered with a few (overlapping) unaligned loads rather than
    /// byte by byte: every first sight of a word hashes it and its stem and prefixes several times
    /// (`ByteKeyTable`, `slotIndex(of:)`), and the byte loop was most of that. `referenceKey(of:)` is
    /// the byte loop, which tests compare this with.
    @inline(__always)
    static func key(of folded: UnsafeBufferPointer<UInt8>) -> Key {
        let count = folded.count
        guard count > 0, let base = folded.baseAddress else { return Key(hash: mix(head: 0, tail: 0, count: 0, rest: 0), head: 0, tail: 0) }
        let raw = UnsafeRawPointer(base)
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if count >= 8 {
            head = raw.loadUnaligned(as: UInt64.self)
            if count >= 16 {
                tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            } else if count > 8 {
                // Bytes 8..<count are the last ones of the eight ending at `count`.
                tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> UInt64(8 * (16 - count))
            }
        } else if count >= 4 {
            // Two four-byte loads that overlap where count < 8 (the shared bytes are equal).
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            head = low | high << UInt64(8 * (count - 4))
        } else {
            for offset in 0..<count { head |= UInt64(base[offset]) << UInt64(8 * offset) }
        }
        var rest: UInt64 = 0
        if count > 16 {
            // FNV-1a over the bytes past the sixteenth (rare: long words).
            for offset in 16..<count {
                rest = ((rest == 0 ? 0xcbf2_9ce4_8422_2325 : rest) ^ UInt64(base[offset])) &* 0x100_0000_01b3
            }
        }
        return Key(hash: mix(head: head, tail: tail, count: count, rest: rest), head: head, tail: tail)
    }

    /// `key(of:)` byte by byte, as it was written first (for tests).
    static func referenceKey(of folded: UnsafeBufferPointer<UInt8>) -> Key {
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
    /// every input bit (the slot comes from the low 32 bits, the tag from the top 8).
    @inline(__always)
    private static func mix(head: UInt64, tail: UInt64, count: Int, rest: UInt64) -> UInt64 {
        var hash = (head ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        hash ^= (tail ^ rest ^ UInt64(truncatingIfNeeded: count)) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        hash = hash &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }

    /// The slot where a probe for `hash` begins: the low 32 bits of the hash scaled to the
    /// capacity (multiply-shift: one multiplication, and the capacity need not be a power of two).
    @inline(__always)
    private func home(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash & 0xFFFF_FFFF) &* UInt64(truncatingIfNeeded: capacity)) >> 32)
    }

    /// The slot after `index`, wrapping at the end of the table.
    @inline(__always)
    private func next(after index: Int) -> Int {
        index + 1 == capacity ? 0 : index + 1
    }

    /// Starts loading the cache line of the slot where a probe for `key` begins (a hint: the table
    /// may grow before the probe, which then simply misses).
    @inline(__always)
    func prefetch(_ key: Key) {
        feedwatch_prefetch(slots + home(of: key.hash))
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
        var index = home(of: mixed)
        while true {
            let candidate = slots[index]
            if candidate.word < 0 { break }
            if candidate.tag == tag, candidate.length == length, candidate.head == head, candidate.tail == tail,
                folded.count <= 16 || bytesEqual(Int(candidate.word), folded)
            {
                return candidate
            }
            index = next(after: index)
        }
        return insert(folded, at: index, tag: tag, head: head, tail: tail)
    }

    /// Adds a new word in the empty slot `index`.
    private func insert(
        _ folded: UnsafeBufferPointer<UInt8>, at index: Int, tag: UInt8, head: UInt64, tail: UInt64
    ) -> Slot {
        let word = Int32(count)
        arena.append(contentsOf: folded)
        byteStarts.append(Int32(arena.count))
        atomRecords.append(-1)
        let slot = Slot(
            word: word, length: UInt8(min(folded.count, 255)), tag: tag,
            functionWordFlags: LanguageDetector.flags(folded: folded), modeFlags: 0,
            head: head, tail: tail)
        slots[index] = slot
        count += 1
        if count * 4 > capacity * 3 { grow() }
        return slot
    }

    /// A word's folded bytes, until the next word is added.
    @inline(__always)
    private func bytes(of word: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(byteStarts[word])
        return UnsafeBufferPointer(start: arena.base + start, count: Int(byteStarts[word + 1]) - start)
    }

    /// The folded form of a word as a string.
    func surface(of word: Int32) -> String {
        String(decoding: bytes(of: Int(word)), as: UTF8.self)
    }

    /// The range in `atomArena` of the atoms a word hits in a language mode, looked up on first need.
    func atoms(of word: Int32, mode: LanguageMode, index: TermIndex, stemmers: StemmerSet) -> Range<Int> {
        let slotIndex = self.slotIndex(of: word)
        let computedBit = UInt8(1) << UInt8(mode.rawValue)
        let hitsBit = computedBit << 4
        if slots[slotIndex].modeFlags & computedBit == 0 {
            let found = index.atoms(folded: bytes(of: Int(word)), mode: mode, stemmers: stemmers)
            if !found.isEmpty {
                var record = atomRecords[Int(word)]
                if record < 0 {
                    record = Int32(atomRanges.count / LanguageMode.count)
                    atomRecords[Int(word)] = record
                    for _ in 0..<LanguageMode.count { atomRanges.append(AtomRange(lowerBound: 0, upperBound: 0)) }
                }
                let start = Int32(atomArena.count)
                atomArena.append(contentsOf: found)
                atomRanges[Int(record) * LanguageMode.count + mode.rawValue] = AtomRange(
                    lowerBound: start, upperBound: Int32(atomArena.count))
            }
            slots[slotIndex].modeFlags |= computedBit | (found.isEmpty ? 0 : hitsBit)
        }
        return slots[slotIndex].modeFlags & hitsBit == 0 ? 0..<0 : knownAtoms(of: word, mode: mode)
    }

    /// The range in `atomArena` of the atoms a word hits in a language mode already looked up, where
    /// it hits at least one (its slot's hits bit for the mode is set): `atoms(of:mode:index:stemmers:)`
    /// without the slot read.
    @inline(__always)
    func knownAtoms(of word: Int32, mode: LanguageMode) -> Range<Int> {
        let range = atomRanges[Int(atomRecords[Int(word)]) * LanguageMode.count + mode.rawValue]
        return Int(range.lowerBound)..<Int(range.upperBound)
    }

    /// Starts loading a word's atom range for a mode where it hits an atom (see `Prefetch`).
    @inline(__always)
    func prefetchAtomRange(of word: Int32, mode: LanguageMode) {
        Prefetch.line(atomRanges.base + (Int(atomRecords[Int(word)]) * LanguageMode.count + mode.rawValue))
    }

    /// Starts loading the first atom of a word already looked up in a mode, where it hits one.
    @inline(__always)
    func prefetchAtomList(of word: Int32, mode: LanguageMode) {
        Prefetch.line(atomArena.base + knownAtoms(of: word, mode: mode).lowerBound)
    }

    /// The slot that holds `word` (probed for again from the word's bytes: see the type's comment).
    private func slotIndex(of word: Int32) -> Int {
        var index = home(of: Self.key(of: bytes(of: Int(word))).hash)
        while slots[index].word != word { index = next(after: index) }
        return index
    }

    /// Whether word `word`'s bytes equal `folded`.
    private func bytesEqual(_ word: Int, _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        let stored = bytes(of: word)
        guard stored.count == folded.count else { return false }
        for offset in 0..<folded.count where stored[offset] != folded[offset] { return false }
        return true
    }

    /// Grows the slot table by half and reinserts every word, rehashing each.
    private func grow() {
        let old = slots
        let oldCapacity = capacity
        capacity += capacity / 2
        slots = Self.allocateEmpty(capacity)
        for oldIndex in 0..<oldCapacity where old[oldIndex].word >= 0 {
            let slot = old[oldIndex]
            // A word of up to 16 bytes is all in its slot; a longer one is hashed from the arena.
            let hash =
                slot.length <= 16
                ? Self.key(head: slot.head, tail: slot.tail, count: Int(slot.length)).hash
                : Self.key(of: bytes(of: Int(slot.word))).hash
            var index = home(of: hash)
            while slots[index].word >= 0 { index = next(after: index) }
            slots[index] = slot
        }
        old.deallocate()
    }

    /// A slot table of `count` empty slots.
    private static func allocateEmpty(_ count: Int) -> UnsafeMutablePointer<Slot> {
        let pointer = UnsafeMutablePointer<Slot>.allocate(capacity: count)
        pointer.initialize(
            repeating: Slot(word: -1, length: 0, tag: 0, functionWordFlags: 0, modeFlags: 0, head: 0, tail: 0),
            count: count)
        return pointer
    }

    /// The bytes this table holds: its slot table and the used part of its per-word lists (what a
    /// long-running process keeps resident for it; the lists' spare capacity is not counted).
    var memoryUse: Int {
        capacity * MemoryLayout<Slot>.stride + byteStarts.count * MemoryLayout<Int32>.stride + arena.count
            + atomRecords.count * MemoryLayout<Int32>.stride + atomRanges.count * MemoryLayout<AtomRange>.stride
            + atomArena.count * MemoryLayout<Int32>.stride
    }
}
