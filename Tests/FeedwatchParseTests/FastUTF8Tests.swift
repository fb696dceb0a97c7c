@testable import FeedwatchParse
import Foundation
import Testing

/// `FastUTF8` makes Strings without the standard library's check: that is only sound if it accepts
/// exactly the bytes the standard library accepts, and its String must be the one
/// `String(decoding:as:)` gives.
@Suite("Fast UTF-8 check")
struct FastUTF8Tests {
    private func check(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(FastUTF8.isValid(buffer) == expected, "\(bytes.map { String($0, radix: 16) })")
            if expected { #expect(FastUTF8.validate(buffer).isASCII == bytes.allSatisfy { $0 < 0x80 }) }
            let string = FastUTF8.string(buffer)
            #expect(string == String(decoding: buffer, as: UTF8.self))
            #expect(Array(string.utf8) == Array(String(decoding: buffer, as: UTF8.self).utf8))
        }
    }

    @Test("every one- and two-byte sequence, alone and after sixteen ASCII bytes")
    func allShortSequences() {
        let padding = Array(repeating: UInt8(ascii: "a"), count: 16)
        for first in 0...255 {
            check([UInt8(first)])
            for second in 0...255 {
                check([UInt8(first), UInt8(second)])
                if second % 17 == 0 { check(padding + [UInt8(first), UInt8(second)] + padding) }
            }
        }
    }

    @Test("three- and four-byte sequences around every boundary of table 3-7")
    func longSequences() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
        for lead in 0xC0...0xFF {
            for second in edges {
                for third in edges {
                    check([UInt8(lead), second, third])
                    if lead >= 0xF0 { for fourth in edges { check([UInt8(lead), second, third, fourth]) } }
                    check(Array("0123456789abcdef0123".utf8) + [UInt8(lead), second, third] + Array("xyz".utf8))
                }
            }
        }
    }

    @Test("random text of ASCII, accented letters, CJK, emoji and stray bytes at every offset")
    func randomText() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array(" ".utf8), Array("é".utf8), Array("ñ".utf8), Array("中".utf8), Array("😀".utf8),
            Array("\u{00A0}".utf8), Array("\u{2028}".utf8), Array("\u{FFFF}".utf8), Array("\u{10FFFF}".utf8),
            [0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF5, 0x80, 0x80, 0x80],
            [0xFF],
        ]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            let count = Int.random(in: 0...40, using: &generator)
            for _ in 0..<count {
                // Mostly valid text, so that long valid runs are checked too.
                let index = Bool.random(using: &generator) ? Int.random(in: 0...1, using: &generator) : Int.random(in: 0..<pieces.count, using: &generator)
                bytes += pieces[index]
                if Int.random(in: 0..<8, using: &generator) == 0 { bytes += Array(repeating: 0x61, count: Int.random(in: 1...20, using: &generator)) }
            }
            check(bytes)
        }
    }
}
