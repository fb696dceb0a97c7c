@testable import FeedwatchXML
import Testing

/// `AttributeCountScan` skips its tag-by-tag walk when the whole document has no more `=` signs
/// than the limit; both must answer alike.
@Suite("Attribute count pre-scan")
struct AttributeCountScanTests {
    @Test("the equals-sign shortcut answers as the tag-by-tag scan does, on random documents")
    func shortcutMatchesScan() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["<a", " b=\"1\"", " c='=='", "=", ">", "</a>", "<", "x", " ", "\"", "'", "<?p a=1?>", "<!-- = -->"]
        for round in 0..<2000 {
            let document = (0..<Int.random(in: 0...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let limit = round % 7
            let bytes = Array(document.utf8)
            bytes.withUnsafeBytes { raw in
                #expect(AttributeCountScan.largestAttributeCount(in: raw, limit: limit) == AttributeCountScan.scanTags(in: raw, limit: limit), "\(document) limit \(limit)")
            }
        }
    }

    @Test("the shortcut counts past the limit exactly")
    func counting() {
        for (text, limit, expected) in [("", 0, false), ("=", 0, true), ("=", 1, false), ("a=b=c", 1, true), ("a=b=c", 2, false)] {
            Array(text.utf8).withUnsafeBytes { raw in
                #expect(AttributeCountScan.equalsSignCount(in: raw, exceeds: limit) == expected, "\(text) \(limit)")
            }
        }
    }
}
