@testable import FeedwatchParse
import Testing

/// `PlainText.collapse` copies runs of printable ASCII eight bytes at a time; it must collapse
/// exactly as the byte-by-byte loop it grew from.
@Suite("White-space collapsing")
struct CollapseTests {
    /// The byte-by-byte collapse, as it was before the eight-byte path.
    static func reference(_ input: [UInt8]) -> String? {
        var output: [UInt8] = []
        var pendingSpace = false
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte < 0x80 {
                if PlainText.isASCIIWhitespace(byte) {
                    pendingSpace = !output.isEmpty
                } else {
                    if pendingSpace { output.append(0x20) }
                    pendingSpace = false
                    output.append(byte)
                }
                index += 1
                continue
            }
            let end = min(index + UTF8Length.ofLeadingByte(byte), input.count)
            let isSpace = input.withUnsafeBufferPointer { PlainText.isMultibyteWhitespace($0, index, end) }
            if isSpace {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(contentsOf: input[index..<end])
            }
            index = end
        }
        let result = String(decoding: output, as: UTF8.self)
        return result.isEmpty ? nil : result
    }

    @Test("the eight-byte path collapses as the byte loop does, at every offset")
    func matchesByteLoop() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "a", "word", "longerword", " ", "  ", "\t", "\n", "\u{1C}", "\u{01}", "\u{7F}", "é", "\u{00A0}", "\u{2003}",
            "\u{3000}", "日本", "😀", "!", "~", "x y", "abcdefgh", "abcdefghijklmnop",
        ]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let collapsed = bytes.withUnsafeBufferPointer { PlainText.collapse($0) }
            #expect(collapsed == Self.reference(bytes), "\(text.debugDescription)")
        }
    }
}
