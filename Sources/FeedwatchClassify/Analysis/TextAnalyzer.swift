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
/// folds ASCII and the Latin, Greek and Cyrillic blocks through a table generated with Foundation,
/// and calls Foundation itself only for words with rarer scalars.
enum TextAnalyzer {
    /// What a Unicode scalar is to the tokenizer.
    enum ScalarClass {
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

    /// Scalars below this fold through the generated tables (`foldedBytes(of:)`, `fastTables`).
    static let foldTableLimit: UInt32 = 0x530

    /// The folded UTF-8 of scalar `value` (below `foldTableLimit`; empty for marks and controls), from
    /// the generated tables (FoldTableData.swift: `foldWithFoundation` and `classify` of each scalar,
    /// computed when the toolchain changes rather than at every start, where they cost a tenth of a
    /// `run --once` pass of 304s; FoldTableTests checks them against Foundation).
    @inline(__always)
    private static func foldedBytes(of value: Int) -> ArraySlice<UInt8> {
        generatedFoldBytes[Int(generatedFoldStarts[value])..<Int(generatedFoldStarts[value + 1])]
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
    /// (`usesFastPath: false` is for tests: every word through the general scanner, which must give
    /// the same tokens.)
    static func scan<Sink: TokenSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, firstPosition: Int32, byteOffset: Int32, into sink: inout Sink,
        usesFastPath: Bool = true
    ) -> Int32 {
        var position = firstPosition
        var index = 0
        let count = bytes.count
        var parts: [Part] = []
        var folded: [UInt8] = []
        guard let base = bytes.baseAddress else { return position }
        let tables = fastTables
        // Room for a word of `fastWordLimit` bytes and the eight-byte store that may follow it.
        let fastBuffer = UnsafeMutableRawPointer.allocate(byteCount: fastWordLimit + 32, alignment: 8)
        defer { fastBuffer.deallocate() }
        while index < count {
            var first = base[index]
            if usesFastPath, first < 0x80, tables.lower[Int(first)] == 0 {
                // ASCII other than a letter or digit starts no word: skip the run of them.
                repeat {
                    index &+= 1
                    guard index < count else { return position }
                    first = base[index]
                } while first < 0x80 && tables.lower[Int(first)] == 0
            }
            if usesFastPath, tables.lower[Int(first)] != 0 || (first >= 0xC2 && first <= 0xD4) {
                // Most words of English and Spanish news: one part of letters and digits, some
                // accented, ended by a space or punctuation (see `fastWord`). Its first sixteen folded
                // bytes go to the sink as two words, zero-padded.
                if let (end, length) = fastWord(bytes, at: index, into: fastBuffer, tables: tables) {
                    let first8 = fastBuffer.load(as: UInt64.self)
                    let head: UInt64
                    let tail: UInt64
                    if length < 8 {
                        head = first8 & ((1 &<< UInt64(8 &* length)) &- 1)
                        tail = 0
                    } else {
                        // (At eight bytes the mask is empty.)
                        head = first8
                        let next8 = fastBuffer.load(fromByteOffset: 8, as: UInt64.self)
                        tail = length >= 16 ? next8 : next8 & ((1 &<< UInt64(8 &* (length &- 8))) &- 1)
                    }
                    // (Offsets fit an Int32: a field is far below 2 GB.)
                    sink.word(
                        UnsafeBufferPointer(start: fastBuffer.assumingMemoryBound(to: UInt8.self), count: length),
                        head: head, tail: tail, position: position,
                        start: Int32(truncatingIfNeeded: index) &+ byteOffset,
                        end: Int32(truncatingIfNeeded: end) &+ byteOffset)
                    position &+= 1
                    index = end
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

    /// The longest folded word the fast path takes (the vocabulary's lookahead limit).
    private static let fastWordLimit = 64

    /// The fast path's tables (never freed: one set for the process, read by pointer without bounds
    /// checks). Written once, by the lazy initializer of `fastTables`, and only read afterwards, so
    /// sharing them between threads is safe.
    private struct FastTables {
        /// Per byte: an ASCII letter or digit lower-cased, 0 for any other byte.
        var lower: UnsafePointer<UInt8>
        /// Per scalar below `foldTableLimit` (from 0x80 on): 1 for a letter or digit (`.word`), 2 for a
        /// mark, 0 for anything else.
        var classes: UnsafePointer<UInt8>
        /// Per scalar below `foldTableLimit`, where its folded bytes start in `foldBytes`;
        /// one more entry for the end of the last.
        var foldStarts: UnsafePointer<UInt16>
        /// The folded bytes of every scalar below `foldTableLimit`, end to end.
        var foldBytes: UnsafePointer<UInt8>
    }

    /// See `FastTables`.
    nonisolated(unsafe) private static let fastTables: FastTables = {
        let lower = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            switch byte {
            case 0x30...0x39, 0x61...0x7A: lower[byte] = UInt8(byte)
            case 0x41...0x5A: lower[byte] = UInt8(byte) | 0x20
            default: lower[byte] = 0
            }
        }
        let limit = Int(foldTableLimit)
        precondition(generatedClasses.count == limit && generatedFoldStarts.count == limit + 1)
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: limit)
        classes.initialize(from: generatedClasses, count: limit)
        let foldStarts = UnsafeMutablePointer<UInt16>.allocate(capacity: limit + 1)
        foldStarts.initialize(from: generatedFoldStarts, count: limit + 1)
        let bytes = generatedFoldBytes
        let foldBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        foldBytes.initialize(from: bytes, count: bytes.count)
        return FastTables(
            lower: UnsafePointer(lower), classes: UnsafePointer(classes), foldStarts: UnsafePointer(foldStarts),
            foldBytes: UnsafePointer(foldBytes))
    }()

    /// Bit 7 of each byte of `chunk` that is an ASCII letter or digit, and of each that is a letter.
    /// (Adding to each byte's low seven bits sets its bit 7 exactly when the byte is at least some
    /// bound, and never carries into the next byte.)
    @inline(__always)
    private static func asciiWordBits(_ chunk: UInt64) -> (word: UInt64, letters: UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let low = chunk & ~highBits
        let digits = (low &+ ones &* (0x80 - 0x30)) & ~(low &+ ones &* (0x7F - 0x39))
        let folded = low | ones &* 0x20
        let letters = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x7F - 0x7A))
        let notASCII = chunk & highBits
        return ((digits | letters) & highBits & ~notASCII, letters & highBits & ~notASCII)
    }

    /// The fast path: the word at `index`, when it is one part of ASCII letters and digits (read
    /// eight bytes at a time) and of two-byte letters and marks below `foldTableLimit` (folded through
    /// the table), ended by the end of the text or by something that cannot join it to more (not a
    /// hyphen, an apostrophe, a separator between digits, or a letter or mark the table does not
    /// fold). Its end and its folded length (the bytes in `buffer`, garbage after them), or nil: then
    /// the general scanner takes the word, and gives the same token (its parts fold through the same
    /// table).
    @inline(__always)
    private static func fastWord(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, into buffer: UnsafeMutableRawPointer, tables: FastTables
    ) -> (end: Int, length: Int)? {
        let base = bytes.baseAddress!
        let count = bytes.count
        var cursor = index
        var length = 0
        while true {
            if cursor &+ 8 <= count {
                let chunk = UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self)
                let (word, letters) = asciiWordBits(chunk)
                let run = (~word & 0x8080_8080_8080_8080).trailingZeroBitCount &>> 3
                // Letters get bit 5 (lower case); the bytes past the run are overwritten or ignored.
                buffer.storeBytes(of: chunk | letters &>> 2, toByteOffset: length, as: UInt64.self)
                if run > 0 {
                    length &+= run
                    cursor &+= run
                    if length > fastWordLimit { return nil }
                    if run == 8 { continue }
                }
            } else {
                while cursor < count {
                    let byte = tables.lower[Int(base[cursor])]
                    if byte == 0 { break }
                    buffer.storeBytes(of: byte, toByteOffset: length, as: UInt8.self)
                    length &+= 1
                    cursor &+= 1
                }
                if length > fastWordLimit { return nil }
            }
            // A two-byte letter or mark that the table folds (accented Latin, Greek, Cyrillic).
            guard cursor &+ 1 < count else { break }
            let lead = base[cursor]
            guard lead >= 0xC2, lead <= 0xD4 else { break }
            let scalar = Int(lead & 0x1F) &<< 6 | Int(base[cursor &+ 1] & 0x3F)
            guard scalar < Int(foldTableLimit) else { break }
            let scalarClass = tables.classes[scalar]
            guard scalarClass != 0 else { break }
            if length == 0, scalarClass != 1 { return nil }  // a word starts with a letter or digit
            let foldStart = Int(tables.foldStarts[scalar])
            let foldCount = Int(tables.foldStarts[scalar &+ 1]) &- foldStart
            guard length &+ foldCount <= fastWordLimit else { return nil }
            (buffer + length).copyMemory(from: tables.foldBytes + foldStart, byteCount: foldCount)
            length &+= foldCount
            cursor &+= 2
        }
        guard length > 0 else { return nil }
        if cursor < count {
            // Whether the word ends with an ASCII digit: after a two-byte scalar (none of the table's
            // is a decimal digit) the last byte is a continuation byte, never one.
            let previousIsDigit = base[cursor &- 1] &- 0x30 < 10
            let next = base[cursor]
            if next < 0x80 {
                if next == UInt8(ascii: "-") || next == UInt8(ascii: "'")
                    || (previousIsDigit && (next == UInt8(ascii: ".") || next == UInt8(ascii: ",")))
                {
                    return nil
                }
            } else if !isOther(bytes, at: cursor) {
                return nil
            }
        }
        return (cursor, length)
    }

    /// Whether the scalar at `index` is neither a letter, digit or mark nor a joiner (`fastWord`'s
    /// rare case, kept out of line: inlined, its Unicode property lookups cost every call of
    /// `fastWord` two metadata accessor calls).
    @inline(never)
    private static func isOther(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        classify(decode(bytes, at: index).0) == .other
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
            folded.append(contentsOf: foldedBytes(of: Int(scalar.value)))
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
    static func foldWithFoundation(_ word: String) -> String {
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
    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
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
