import FeedwatchModel
import Testing

@testable import FeedwatchClassify

/// The texts a `Match` copies (topic names, terms) are kept so that copying them is cheap: short ones
/// inline, long ones with the address of their reference count known, for a prefetch.
@Suite("Match text storage")
struct MatchTextStorageTests {
    @Test("a short string with heap storage is stored inline once compacted, equal to the original")
    func shortTextsAreInline() {
        // Built the way a scanner builds words: appended to a buffer with room to grow.
        var short = ""
        short.reserveCapacity(64)
        for character in "asylum" { short.append(character) }
        #expect(short == "asylum")
        #expect(Prefetch.referenceCountAddress(of: short) != 0)
        let compacted = Prefetch.compact(short)
        #expect(compacted == short)
        #expect(Prefetch.referenceCountAddress(of: compacted) == 0)
        #expect(Prefetch.referenceCountAddress(of: "a literal") == 0)
    }

    @Test("a long string's reference count address lies just before its bytes")
    func longTextAddress() {
        let long = Prefetch.compact(["trade", "talks", "with", "neighbours"].joined(separator: " "))
        var copy = long
        let bytes = copy.withUTF8 { UInt(bitPattern: $0.baseAddress) }
        // A native string storage: 16-byte object header (the count is its second word), then
        // capacity and count words, then the bytes.
        #expect(Prefetch.referenceCountAddress(of: long) == bytes - 24)
    }

    @Test("matches carry the terms and topic names as written, short and long")
    func matchTexts() throws {
        let classifier = try Classifier(topics: [
            .init(name: "a topic whose name is longer than fifteen bytes", query: "asylum OR \"trade talks\""),
            .init(name: "short", query: "tariffs"),
        ])
        let feed = FeedContext(name: "f", url: "u", language: "en")
        let matches = classifier.classify(
            Entry(id: "1", title: "Trade talks on asylum", summary: "New tariffs announced"), feed: feed)
        #expect(matches.map(\.topic) == ["a topic whose name is longer than fifteen bytes", "short"])
        #expect(Set(matches[0].terms.map(\.term)) == ["asylum", "\"trade talks\""])
        #expect(matches[1].terms.map(\.term) == ["tariffs"])
    }
}
