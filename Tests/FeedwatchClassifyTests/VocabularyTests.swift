import Testing

@testable import FeedwatchClassify

@Suite("Vocabulary")
struct VocabularyTests {
    /// `count` distinct words of every kind the table treats apart: up to 8 bytes (all in a slot's
    /// head), 9 to 16 (head and tail), 17 to 64 and over 255 bytes (compared in the arena), non-ASCII,
    /// and words sharing their first sixteen bytes and length.
    static func words(_ count: Int) -> [String] {
        (0..<count).map { number in
            switch number % 6 {
            case 0: "w\(number)"
            case 1: "abcdefgh\(number)"
            case 2: "internationalization\(number)"
            case 3: "señal\(number)"
            case 4: number % 60 == 4 ? String(repeating: "x", count: 300) + "\(number)" : "n\(number)x"
            default: "abcdefghijklmnop\(number)"
            }
        }
    }

    /// The slot the table gives a word (adding it on first sight).
    static func slot(_ word: String, in vocabulary: Vocabulary) -> Vocabulary.Slot {
        var copy = word
        return copy.withUTF8 { vocabulary.slot(for: $0) }
    }

    @Test("words keep their numbers, flags and atoms while the table grows from 4,096 slots past 60,000 words")
    func growth() {
        let words = Self.words(60_000) + ["the", "de", "and", "que"]
        // Every 97th word is a term of the index; every 5th has its atoms looked up early (before most
        // of the growth), the rest at the end.
        var index = TermIndex()
        var atomOfWord: [Int: Int32] = [:]
        for number in stride(from: 0, to: words.count, by: 97) {
            atomOfWord[number] = index.atom(for: .surface(words[number]), topic: 0)
        }
        index.seal()
        let stemmers = StemmerSet()
        let vocabulary = Vocabulary()
        var numbers: [Int32] = []
        for (number, word) in words.enumerated() {
            let slot = Self.slot(word, in: vocabulary)
            #expect(slot.word == Int32(number))
            #expect(slot.modeFlags == 0)
            numbers.append(slot.word)
            if number % 5 == 0 {
                let atoms = vocabulary.atoms(of: slot.word, mode: .unstemmed, index: index, stemmers: stemmers)
                #expect(atoms.map { vocabulary.atomArena[$0] } == atomOfWord[number].map { [$0] } ?? [])
            }
        }
        #expect(vocabulary.count == words.count)
        let unstemmed = UInt8(1) << UInt8(LanguageMode.unstemmed.rawValue)
        for (number, word) in words.enumerated() {
            let slot = Self.slot(word, in: vocabulary)
            #expect(slot.word == numbers[number])
            #expect(slot.functionWordFlags == LanguageDetector.flags(of: word))
            #expect(vocabulary.surface(of: slot.word) == word)
            let hits = atomOfWord[number] != nil
            if number % 5 == 0 {
                #expect(slot.modeFlags == unstemmed | (hits ? unstemmed << 4 : 0))
                if hits {
                    let known = vocabulary.knownAtoms(of: slot.word, mode: .unstemmed)
                    #expect(vocabulary.atomArena[known.lowerBound] == atomOfWord[number])
                }
            } else {
                #expect(slot.modeFlags == 0)
                let atoms = vocabulary.atoms(of: slot.word, mode: .unstemmed, index: index, stemmers: stemmers)
                #expect(atoms.map { vocabulary.atomArena[$0] } == atomOfWord[number].map { [$0] } ?? [])
                #expect(Self.slot(word, in: vocabulary).modeFlags == unstemmed | (hits ? unstemmed << 4 : 0))
            }
            // Another mode is looked up separately, and keeps the first mode's atoms.
            if hits, number % 2 == 0 {
                let english = vocabulary.atoms(of: slot.word, mode: .english, index: index, stemmers: stemmers)
                #expect(!english.isEmpty)
                let known = vocabulary.knownAtoms(of: slot.word, mode: .unstemmed)
                #expect(vocabulary.atomArena[known.lowerBound] == atomOfWord[number])
            }
        }
        #expect(Set(["the", "and"].map { Self.slot($0, in: vocabulary).functionWordFlags }) == [1])
        #expect(Set(["de", "que"].map { Self.slot($0, in: vocabulary).functionWordFlags }) == [2])
    }

    @Test("the table takes at most 48 bytes a word besides the words' bytes")
    func density() {
        let words = Self.words(50_000)
        let vocabulary = Vocabulary()
        for word in words { _ = Self.slot(word, in: vocabulary) }
        let wordBytes = words.reduce(0) { $0 + $1.utf8.count }
        #expect(vocabulary.memoryUse - wordBytes <= 48 * words.count)
    }

    @Test("past its word limit the table starts over, numbering words afresh with no flags or atoms left")
    func startOver() {
        var index = TermIndex()
        let atom = index.atom(for: .surface("w0"), topic: 0)
        index.seal()
        let stemmers = StemmerSet()
        let vocabulary = Vocabulary(wordLimit: 10_000)
        let words = Self.words(10_001)
        for word in words.prefix(10_000) { _ = Self.slot(word, in: vocabulary) }
        let first = Self.slot("w0", in: vocabulary).word
        #expect(!vocabulary.atoms(of: first, mode: .unstemmed, index: index, stemmers: stemmers).isEmpty)
        vocabulary.startOverIfFull()
        #expect(vocabulary.count == 10_000)
        #expect(Self.slot(words[10_000], in: vocabulary).word == 10_000)
        vocabulary.startOverIfFull()
        #expect(vocabulary.count == 0)
        // In another order, the words get new numbers, and nothing of the old table shows through.
        for (number, word) in words.reversed().enumerated() {
            let slot = Self.slot(word, in: vocabulary)
            #expect(slot.word == Int32(number))
            #expect(slot.modeFlags == 0)
            #expect(vocabulary.surface(of: slot.word) == word)
        }
        let renumbered = Self.slot("w0", in: vocabulary).word
        #expect(renumbered == Int32(words.count - 1))
        let atoms = vocabulary.atoms(of: renumbered, mode: .unstemmed, index: index, stemmers: stemmers)
        #expect(atoms.map { vocabulary.atomArena[$0] } == [atom])
    }
}
