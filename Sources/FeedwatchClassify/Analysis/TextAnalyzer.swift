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
///
/// Speed matters here (every word of every entry passes through): the scanner works on UTF-8 bytes,
/// folds ASCII and the Latin, Greek and Cyrillic blocks through a table built once with Foundation,
/// and calls Foundation itself only for words with rarer scalars.
enum TextAnalyzer {
    /// What a Unicode scalar is to the tokenizer.
    private enum ScalarClass {
        case word, mark, hyphen, apostrophe, numberSeparator, other
    }

    /// One part of a compound: its source range, its folded bytes' range in the buffer, its joiner.
    private struct Part {
        var start: Int
        var end: Int
        var foldedStart: Int
        var foldedEnd: Int
        var joinedByApostrophe: Bool
    }

    /// Per byte: an ASCII letter or digit lower-cased, 0 for any other byte (never freed: one
    /// table for the process, read without bounds checks in the scanner's fast path). Written once,
    /// by its lazy initializer, and only read afterwards, so sharing it between threads is safe.
    nonisolated(unsafe) private static let asciiLower: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            switch byte {
            case 0x30...0x39, 0x61...0x7A: table[byte] = UInt8(byte)
            case 0x41...0x5A: table[byte] = UInt8(byte) | 0x20
            default: table[byte] = 0
            }
        }
        return UnsafePointer(table)
    }()

    /// Scalars below this fold through `foldTable`.
    private static let foldTableLimit: UInt32 = 0x530

    /// The folded UTF-8 of every scalar below `foldTableLimit` (empty for marks and controls).
    private static let foldTable: [[UInt8]] = (0..<foldTableLimit).map { value in
        guard let scalar = Unicode.Scalar(value) else { return [] }
        if value < 0x80 {
            switch value {
            case 0x41...0x5A: return [UInt8(value) | 0x20]
            case 0x2C: return [UInt8(ascii: ".")]
            default: return [UInt8(value)]
            }
        }
        return Array(foldWithFoundation(String(Character(scalar))).utf8)
    }

    /// Collects tokens as values with `String` surfaces (for queries and tests).
    private struct TokenCollector: TokenSink {
        var tokens: [TextToken] = []

        mutating func token(
            _ folded: UnsafeBufferPointer<UInt8>, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool
        ) {
            tokens.append(
                TextToken(
                    surface: String(decoding: folded, as: UTF8.self), position: position, start: start, end: end,
                    isJoinedForm: isJoinedForm))
        }
    }

    /// The tokens of `text`, positions counted from `firstPosition`, UTF-8 ranges shifted by `byteOffset`.
    static func tokens(of text: String, firstPosition: Int32 = 0, byteOffset: Int32 = 0) -> [TextToken] {
        var collector = TokenCollector()
        var copy = text
        copy.withUTF8 { bytes in
            _ = scan(bytes, firstPosition: firstPosition, byteOffset: byteOffset, into: &collector)
        }
        return collector.tokens
    }

    /// Finds the words of valid UTF-8 `bytes` and hands each to `sink`; returns the next free position.
    static func scan<Sink: TokenSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, firstPosition: Int32, byteOffset: Int32, into sink: inout Sink
    ) -> Int32 {
        var position = firstPosition
        var index = 0
        let count = bytes.count
        var parts: [Part] = []
        var folded: [UInt8] = []
        guard let base = bytes.baseAddress else { return position }
        let lower = asciiLower
        let fastCapacity = 64
        // Sixteen bytes more than a word takes, so that the two words read after it are in bounds.
        let fastBuffer = UnsafeMutableRawPointer.allocate(byteCount: fastCapacity + 16, alignment: 8)
        defer { fastBuffer.deallocate() }
        let fastBytes = fastBuffer.assumingMemoryBound(to: UInt8.self)
        while index < count {
            // Fast path, most words of English and Spanish news: an ASCII run of letters and digits
            // ended by ASCII that cannot join it to more (space, most punctuation). Its first sixteen
            // folded bytes are read back as two words for the sink (zeroed first: zero-padded).
            var byte = lower[Int(base[index])]
            if byte != 0 {
                fastBuffer.storeBytes(of: 0, toByteOffset: 0, as: UInt64.self)
                fastBuffer.storeBytes(of: 0, toByteOffset: 8, as: UInt64.self)
                var cursor = index
                var previous: UInt8 = 0
                let limit = min(count, index + fastCapacity)
                repeat {
                    fastBytes[cursor - index] = byte
                    previous = byte
                    cursor += 1
                    if cursor == limit { break }
                    byte = lower[Int(base[cursor])]
                } while byte != 0
                let endsHere: Bool
                if cursor == count {
                    endsHere = true
                } else {
                    let next = base[cursor]
                    let previousIsDigit = previous >= 0x30 && previous <= 0x39
                    endsHere =
                        next < 0x80 && next != UInt8(ascii: "-") && next != UInt8(ascii: "'")
                        && !(previousIsDigit && (next == UInt8(ascii: ".") || next == UInt8(ascii: ",")))
                        && cursor - index < fastCapacity
                }
                if endsHere {
                    sink.word(
                        UnsafeBufferPointer(start: fastBytes, count: cursor - index),
                        head: fastBuffer.load(as: UInt64.self), tail: fastBuffer.load(fromByteOffset: 8, as: UInt64.self),
                        position: position, start: Int32(index) + byteOffset, end: Int32(cursor) + byteOffset)
                    position += 1
                    index = cursor
                    continue
                }
            }
            let (scalar, length) = decode(bytes, at: index)
            guard classify(scalar) == .word else {
                index += length
                continue
            }
            parts.removeAll(keepingCapacity: true)
            folded.removeAll(keepingCapacity: true)
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
                    parts.append(
                        fold(bytes, partStart, cursor, joinedByApostrophe: joinedByApostrophe, into: &folded))
                    joinedByApostrophe = classify(current) == .apostrophe
                    previousIsDigit = false
                    cursor = next
                    partStart = next
                case .other:
                    break scan
                }
            }
            parts.append(fold(bytes, partStart, cursor, joinedByApostrophe: joinedByApostrophe, into: &folded))
            index = cursor
            emit(parts, folded: folded, position: &position, byteOffset: byteOffset, into: &sink)
        }
        return position
    }

    /// Hands the tokens of one compound (one or more parts) to the sink.
    private static func emit<Sink: TokenSink>(
        _ parts: [Part], folded: [UInt8], position: inout Int32, byteOffset: Int32, into sink: inout Sink
    ) {
        var partCount = parts.count
        // An English possessive ("Ecuador's") is the word itself; Snowball would strip it too, but
        // phrases compare surface forms, so it goes here.
        if partCount > 1, parts[partCount - 1].joinedByApostrophe,
            parts[partCount - 1].foldedEnd - parts[partCount - 1].foldedStart == 1,
            folded[parts[partCount - 1].foldedStart] == UInt8(ascii: "s")
        {
            partCount -= 1
        }
        let compoundStart = Int32(parts[0].start) + byteOffset
        let compoundEnd = Int32(parts[parts.count - 1].end) + byteOffset
        folded.withUnsafeBufferPointer { buffer in
            if partCount == 1 {
                guard parts[0].foldedEnd > parts[0].foldedStart else { return }
                sink.token(
                    UnsafeBufferPointer(rebasing: buffer[parts[0].foldedStart..<parts[0].foldedEnd]),
                    position: position, start: compoundStart, end: compoundEnd, isJoinedForm: false)
                position += 1
                return
            }
            let first = position
            for part in parts[0..<partCount] where part.foldedEnd > part.foldedStart {
                sink.token(
                    UnsafeBufferPointer(rebasing: buffer[part.foldedStart..<part.foldedEnd]), position: position,
                    start: Int32(part.start) + byteOffset, end: Int32(part.end) + byteOffset, isJoinedForm: false)
                position += 1
            }
            let joinedEnd = parts[partCount - 1].foldedEnd
            guard position > first, joinedEnd > parts[0].foldedStart else { return }
            sink.token(
                UnsafeBufferPointer(rebasing: buffer[parts[0].foldedStart..<joinedEnd]), position: first,
                start: compoundStart, end: compoundEnd, isJoinedForm: true)
        }
    }

    /// Appends the folded form of `bytes[start..<end]` to `folded` and describes the part.
    private static func fold(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, joinedByApostrophe: Bool,
        into folded: inout [UInt8]
    ) -> Part {
        let foldedStart = folded.count
        var index = start
        var needsFoundation = false
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                // The common case, kept off Foundation: ASCII lower-casing byte by byte.
                folded.append(
                    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
                        ? byte | 0x20 : (byte == UInt8(ascii: ",") ? UInt8(ascii: ".") : byte))
                index += 1
                continue
            }
            let (scalar, length) = decode(bytes, at: index)
            if scalar.value >= foldTableLimit {
                needsFoundation = true
                break
            }
            folded.append(contentsOf: foldTable[Int(scalar.value)])
            index += length
        }
        if needsFoundation {
            folded.removeSubrange(foldedStart...)
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            folded.append(contentsOf: foldWithFoundation(word).utf8)
        }
        return Part(
            start: start, end: end, foldedStart: foldedStart, foldedEnd: folded.count,
            joinedByApostrophe: joinedByApostrophe)
    }

    /// NFKC, case and diacritic folding by Foundation, minus any combining mark left without a base.
    private static func foldWithFoundation(_ word: String) -> String {
        let folded = word.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
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
