import FeedwatchParse
import Foundation
import Testing

/// Hostile documents with a known answer that HostileInputTests does not already cover.
@Suite("Generated hostile documents")
struct GeneratedHostileTests {
    /// A 50 MB text node is cut to the field limit, not lost: the title keeps its first
    /// `maxFieldBytes` bytes (at a character boundary), the rest of the feed is intact, one warning.
    @Test("a 50 MB text node is truncated to the field limit at a character boundary", arguments: ["a", "ñ", "😀"])
    func hugeTextNode(unit: String) throws {
        let limit = ParseLimits.default.maxFieldBytes
        let huge = String(repeating: unit, count: 50_000_000 / unit.utf8.count)
        let document = "<rss version=\"2.0\"><channel><title>" + huge
            + "</title><item><title>after</title></item></channel></rss>"
        let parsed = try FeedParser().parse(Data(document.utf8))
        let title = try #require(parsed.feed.title)
        #expect(title.utf8.count <= limit)
        #expect(title.utf8.count > limit - 4)
        #expect(title.allSatisfy { String($0) == unit })
        #expect(parsed.feed.items.map(\.title) == ["after"])
        #expect(parsed.warnings.filter { $0.contains("truncated") }.count == 1)
    }
}
