import Foundation

/// A hash table from byte strings to `Int32`, built once and then only read: the index's word
/// dictionaries (`TermIndex`) and the function-word lists (`LanguageDetector`) as the first sight of
/// an all-ASCII entry word looks them up, straight from its folded bytes.
///
/// Those lookups went through `[String: Int32]` and `Set<String>`: a `String` made from the word's
/// bytes (and from its stem's), then SipHash over it with Unicode normalisation checks, four or five
/// times per word a thread meets for the first time (tens of thousands of words in a first pass,
/// once per classifying thread). Here a lookup is the vocabulary's two-multiplication hash
/// (`Vocabulary.key(of:)`) and a byte comparison.
///
/// Exactness: `String` equality is canonical equivalence, byte equality is not. The table is only
/// asked about all-ASCII words (others still take the `String` lookups), and an ASCII string equals
/// a key as a `String` exactly when it equals the key's NFC form byte for byte (ASCII is its own NFC
/// form, and equal strings have equal NFC forms). So each key is stored as its bytes and, when its
/// NFC form is ASCII but the key is not (a singleton such as U+212A KELVIN SIGN, which folding
/// removes anyway), also as its NFC form's bytes.
///
/// Immutable after `init` and made of arrays, so it is `Sendable` and safe to read from any number
/// of threads at once.
struct ByteKeyTable: Sendable {
    /// One slot: the key's full hash (mismatches are settled without touching the bytes) and its
    /// entry number, -1 when empty.
    private struct Slot: Sendable {
        var hash: UInt64
        var entry: Int32
    }

    /// The slots, a power of two of them, at most half full.
    private let slots: [Slot]
    /// `slots.count - 1`.
    private let mask: Int
    /// Per entry, where its bytes start in `bytes`; one more for the end of the last.
    private let starts: [Int32]
    /// Every entry's key bytes, end to end.
    private let bytes: [UInt8]
    /// Per entry, its value.
    private let values: [Int32]
    /// The longest key in bytes (a longer word is in no table).
    let longestKey: Int

    /// An empty table.
    init() {
        self.init([])
    }

    /// A table of `pairs` (a key that occurs twice keeps its first value).
    init(_ pairs: [(key: String, value: Int32)]) {
        var keys: [(bytes: [UInt8], value: Int32)] = []
        for (key, value) in pairs {
            keys.append((Array(key.utf8), value))
            if !Self.isASCII(key.utf8) {
                let canonical = key.precomposedStringWithCanonicalMapping
                if Self.isASCII(canonical.utf8) { keys.append((Array(canonical.utf8), value)) }
            }
        }
        var capacity = 16
        while capacity < keys.count * 2 { capacity *= 2 }
        var slots = [Slot](repeating: Slot(hash: 0, entry: -1), count: capacity)
        var starts: [Int32] = [0]
        var bytes: [UInt8] = []
        var values: [Int32] = []
        var longest = 0
        for (key, value) in keys {
            let hash = key.withUnsafeBufferPointer { Vocabulary.key(of: $0).hash }
            var index = Int(truncatingIfNeeded: hash) & (capacity - 1)
            var isPresent = false
            while slots[index].entry >= 0 {
                let entry = Int(slots[index].entry)
                if slots[index].hash == hash, bytes[Int(starts[entry])..<Int(starts[entry + 1])].elementsEqual(key) {
                    isPresent = true
                    break
                }
                index = (index + 1) & (capacity - 1)
            }
            if isPresent { continue }
            slots[index] = Slot(hash: hash, entry: Int32(values.count))
            bytes += key
            starts.append(Int32(bytes.count))
            values.append(value)
            longest = max(longest, key.count)
        }
        self.slots = slots
        mask = capacity - 1
        self.starts = starts
        self.bytes = bytes
        self.values = values
        longestKey = longest
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }

    /// The number of keys (with the added NFC forms).
    var count: Int { values.count }

    /// The value of key `key`, nil when absent.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard key.count <= longestKey else { return nil }
        let hash = Vocabulary.key(of: key).hash
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.entry < 0 { return nil }
            if slot.hash == hash {
                let entry = Int(slot.entry)
                let start = Int(starts[entry])
                if Int(starts[entry + 1]) - start == key.count,
                    bytes.withUnsafeBufferPointer({ stored in
                        key.count == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
                    })
                {
                    return values[entry]
                }
            }
            index = (index + 1) & mask
        }
    }
}
