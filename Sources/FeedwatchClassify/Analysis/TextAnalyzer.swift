import Foundation

/// Splits text into folded words: the one analysis that topic queries and entry fields share.
///
/// Word boundaries are found on the original text, so every token keeps its UTF-8 range there (for
/// snippets), and each word is then folded alone: NFKC, case folding and diacritic folding, so that
/// `MIGRACIÓN`, `migración` and `migracion` are one word, and full-width or ligature letters are plain.
/// Compounds survive: `US-Ecuador`, `COVID-19` and `O'Brien` give their parts at successive positions
/// (so phrases find them) plus the joined form at the first part's position (`covid19`). An English
/// possessive `'s` is dropped. Digits stay joined across `.` and `,` (`1,000`, `3.5`), with the
/// separator normalised to `.` because English and Spanish swap them.
enum TextAnalyzer {
    /// What a Unicode scalar is to the tokenizer.
    private enum ScalarClass {
        case word, mark, hyphen, apostrophe, numberSeparator, other
    }

    /// One part of a compound: a UTF-8 range and the joiner that preceded it.
    private struct Part {
        var start: Int
        var end: Int
        var joinedByApostrophe: Bool
    }

    /// The tokens of `text`, positions counted from `firstPosition`, UTF-8 ranges shifted by `byteOffset`.
    static func tokens(of text: String, firstPosition: Int32 = 0, byteOffset: Int32 = 0) -> [TextToken] {
        var copy = text
        return copy.withUTF8 { bytes in
            tokens(of: bytes, firstPosition: firstPosition, byteOffset: byteOffset)
        }
    }

    /// The tokens of UTF-8 bytes (valid UTF-8, as a Swift string's).
    private static func tokens(
        of bytes: UnsafeBufferPointer<UInt8>, firstPosition: Int32, byteOffset: Int32
    ) -> [TextToken] {
        var result: [TextToken] = []
        result.reserveCapacity(bytes.count / 5)
        var position = firstPosition
        var index = 0
        let count = bytes.count
        var parts: [Part] = []
        while index < count {
            let (scalar, length) = decode(bytes, at: index)
            guard classify(scalar) == .word else {
                index += length
                continue
            }
            parts.removeAll(keepingCapacity: true)
            var partStart = index
            var cursor = index
            var previousIsDigit = false
            var joinedByApostrophe = false
            scan: while cursor < count {
                let (current, currentLength) = decode(bytes, at: cursor)
                switch classify(current) {
                case .word, .mark:
                    previousIsDigit = isDigit(current)
                    cursor += currentLength
                case .numberSeparator:
                    let next = cursor + currentLength
                    guard previousIsDigit, next < count, isDigit(decode(bytes, at: next).0) else { break scan }
                    cursor = next
                case .hyphen, .apostrophe:
                    let next = cursor + currentLength
                    guard next < count, classify(decode(bytes, at: next).0) == .word else { break scan }
                    parts.append(Part(start: partStart, end: cursor, joinedByApostrophe: joinedByApostrophe))
                    joinedByApostrophe = classify(current) == .apostrophe
                    previousIsDigit = false
                    cursor = next
                    partStart = next
                case .other:
                    break scan
                }
            }
            parts.append(Part(start: partStart, end: cursor, joinedByApostrophe: joinedByApostrophe))
            index = cursor
            emit(parts, of: bytes, position: &position, byteOffset: byteOffset, into: &result)
        }
        return result
    }

    /// Appends the tokens of one compound (one or more parts).
    private static func emit(
        _ parts: [Part], of bytes: UnsafeBufferPointer<UInt8>, position: inout Int32, byteOffset: Int32,
        into result: inout [TextToken]
    ) {
        var folded = parts.map { fold(UnsafeBufferPointer(rebasing: bytes[$0.start..<$0.end])) }
        var kept = parts
        // An English possessive ("Ecuador's") is the word itself; Snowball would strip it too, but
        // phrases compare surface forms, so it goes here.
        if kept.count > 1, kept[kept.count - 1].joinedByApostrophe, folded[folded.count - 1] == "s" {
            kept.removeLast()
            folded.removeLast()
        }
        let compoundStart = Int32(parts[0].start) + byteOffset
        let compoundEnd = Int32(parts[parts.count - 1].end) + byteOffset
        if kept.count == 1 {
            guard !folded[0].isEmpty else { return }
            result.append(
                TextToken(
                    surface: folded[0], position: position, start: compoundStart, end: compoundEnd,
                    isJoinedForm: false))
            position += 1
            return
        }
        let first = position
        for (part, surface) in zip(kept, folded) where !surface.isEmpty {
            result.append(
                TextToken(
                    surface: surface, position: position, start: Int32(part.start) + byteOffset,
                    end: Int32(part.end) + byteOffset, isJoinedForm: false))
            position += 1
        }
        result.append(
            TextToken(
                surface: folded.joined(), position: first, start: compoundStart, end: compoundEnd,
                isJoinedForm: true))
    }

    /// The folded form of one word part: lower case, no diacritics, NFKC, `,` in numbers as `.`.
    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        if isASCII {
            // The common case, kept off Foundation: ASCII lower-casing byte by byte.
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                for (offset, byte) in bytes.enumerated() {
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): output[offset] = byte | 0x20
                    case UInt8(ascii: ","): output[offset] = UInt8(ascii: ".")
                    default: output[offset] = byte
                    }
                }
                return bytes.count
            }
        }
        let word = String(decoding: bytes, as: UTF8.self)
        let folded = word.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        // Folding can leave combining marks that had no base letter to fold into; they are not words.
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where classify(scalar) != .mark {
            scalars.append(scalar == "," ? "." : scalar)
        }
        return String(scalars)
    }

    /// Decodes the scalar starting at `index` and its length in bytes.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let length: Int
        var value: UInt32
        if lead < 0xE0 {
            length = 2
            value = lead & 0x1F
        } else if lead < 0xF0 {
            length = 3
            value = lead & 0x0F
        } else {
            length = 4
            value = lead & 0x07
        }
        for offset in 1..<length where index + offset < bytes.count {
            value = (value << 6) | (UInt32(bytes[index + offset]) & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// True for a decimal digit.
    @inline(__always)
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// The tokenizer's view of a scalar.
    @inline(__always)
    private static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return .word
            case 0x2D: return .hyphen
            case 0x27: return .apostrophe
            case 0x2C, 0x2E: return .numberSeparator
            default: return .other
            }
        }
        switch value {
        case 0x2010, 0x2011: return .hyphen
        case 0x2018, 0x2019, 0x02BC: return .apostrophe
        case 0x00AD: return .mark  // a soft hyphen sits inside a word and is dropped by folding
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return .word
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        default:
            return .other
        }
    }
}
