import FeedwatchXML

/// One pass over an HTML fragment that writes its text: tags dropped (block elements become a
/// space), comments, declarations and processing instructions dropped, `script`/`style` bodies
/// dropped, CDATA sections kept as text, character references decoded.
///
/// It follows the HTML tokenizer where feeds depend on it: `<` not followed by a letter, `/`, `!`
/// or `?` is text; an unterminated tag at the end is text; references without a semicolon are
/// decoded for the Latin-1 names browsers accept that way.
struct HTMLTextScanner {
    let input: UnsafeBufferPointer<UInt8>

    func run(into output: inout CollapsingWriter) {
        let count = input.count
        var index = 0
        var skippedElement: [UInt8]? = nil  // inside script/style: only its end tag matters
        var scratch: [UInt8] = []  // a decoded reference
        while index < count {
            if skippedElement == nil {
                // Plain text is copied (white space collapsed) up to the next `<` or `&`.
                index = output.appendText(input, from: index)
                guard index < count else { break }
            }
            let byte = input[index]
            if byte == UInt8(ascii: "&") && skippedElement == nil {
                scratch.removeAll(keepingCapacity: true)
                index = CharacterReference.decode(input, at: index, into: &scratch)
                scratch.withUnsafeBufferPointer { output.append(contentsOf: $0[...]) }
                continue
            }
            if byte != UInt8(ascii: "<") {
                index += 1
                continue
            }
            guard index + 1 < count else {
                if skippedElement == nil { output.append(contentsOf: input[index..<count]) }
                break
            }
            let next = input[index + 1]
            if let skipped = skippedElement {
                // Only `</script` / `</style` ends raw text.
                if next == UInt8(ascii: "/") && matchesName(skipped, at: index + 2) {
                    let end = find(UInt8(ascii: ">"), from: index + 2) ?? count - 1
                    skippedElement = nil
                    index = end + 1
                } else {
                    index += 1
                }
                continue
            }
            if isLetter(next) || next == UInt8(ascii: "/") {
                let isEnd = next == UInt8(ascii: "/")
                let nameStart = isEnd ? index + 2 : index + 1
                if isEnd && (nameStart >= count || !isLetter(input[nameStart])) {
                    // `</>` is dropped, `</ x>` is a bogus comment: both vanish up to `>`.
                    guard let end = find(UInt8(ascii: ">"), from: nameStart) else {
                        output.append(contentsOf: input[index..<count])
                        break
                    }
                    index = end + 1
                    continue
                }
                guard let end = tagEnd(from: nameStart) else {
                    output.append(contentsOf: input[index..<count])  // unterminated: the rest is text
                    break
                }
                var nameEnd = nameStart
                while nameEnd < end, !isTagNameTerminator(input[nameEnd]) { nameEnd += 1 }
                let name = TagName(input, nameStart, nameEnd)
                if !isEnd && (name == TagName.script || name == TagName.style) {
                    let selfClosing = end > nameStart && input[end - 1] == UInt8(ascii: "/")
                    if !selfClosing { skippedElement = name == TagName.script ? Self.script : Self.style }
                } else if name.isBlockElement {
                    output.append(0x20)
                }
                index = end + 1
                continue
            }
            if next == UInt8(ascii: "!") {
                if hasPrefix("<!--", at: index) {
                    let end = findSequence("-->", from: index + 4) ?? count
                    index = min(count, end + 3)
                } else if hasPrefix("<![CDATA[", at: index) {
                    let contentStart = index + 9
                    let end = findSequence("]]>", from: contentStart) ?? count
                    output.append(contentsOf: input[contentStart..<end])
                    index = min(count, end + 3)
                } else {
                    let end = find(UInt8(ascii: ">"), from: index + 2) ?? count
                    index = min(count, end + 1)
                }
                continue
            }
            if next == UInt8(ascii: "?") {
                let end = find(UInt8(ascii: ">"), from: index + 2) ?? count
                index = min(count, end + 1)
                continue
            }
            // `<` that starts no tag is text.
            output.append(UInt8(ascii: "<"))
            index += 1
        }
    }

    static let script = Array("script".utf8)
    static let style = Array("style".utf8)

    private func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private func isTagNameTerminator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: ">")
    }

    private func matchesName(_ name: [UInt8], at start: Int) -> Bool {
        guard start + name.count <= input.count else { return false }
        for offset in 0..<name.count where (input[start + offset] | 0x20) != name[offset] { return false }
        let after = start + name.count
        return after == input.count || isTagNameTerminator(input[after])
    }

    /// The index of the `>` that closes a tag whose name starts at `start`, skipping quoted attribute values.
    private func tagEnd(from start: Int) -> Int? {
        var index = start
        var quote: UInt8 = 0
        var afterEquals = false
        while index < input.count {
            let byte = input[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if afterEquals && (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) {
                quote = byte
                afterEquals = false
            } else if byte == UInt8(ascii: ">") {
                return index
            } else if byte == UInt8(ascii: "=") {
                afterEquals = true
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                afterEquals = false
            }
            index += 1
        }
        return nil
    }

    private func find(_ target: UInt8, from start: Int) -> Int? {
        var index = start
        while index < input.count {
            if input[index] == target { return index }
            index += 1
        }
        return nil
    }

    private func hasPrefix(_ text: StaticString, at start: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard start + length <= input.count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<length where (input[start + offset] | 0x20) != (pointer[offset] | 0x20) { return false }
        return true
    }

    private func findSequence(_ text: StaticString, from start: Int) -> Int? {
        let length = text.utf8CodeUnitCount
        let first = text.utf8Start[0]
        var index = start
        while index + length <= input.count {
            if input[index] == first && hasPrefix(text, at: index) { return index }
            index += 1
        }
        return nil
    }
}

/// Writes text while collapsing white space: runs of Unicode white space become one space, none
/// at the start, a pending one dropped at the end. Writes into caller-provided memory.
struct CollapsingWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0
    private var pendingSpace = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// A word separator (block element boundary).
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if byte == 0x20 {
            pendingSpace = count > 0
        } else {
            put(byte)
        }
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        if pendingSpace {
            pendingSpace = false
            if count < buffer.count {
                buffer[count] = 0x20
                count += 1
            }
        }
        if count < buffer.count {
            buffer[count] = byte
            count += 1
        }
    }

    /// Copies text from `input[start...]` with its white space collapsed, up to the first `<` or
    /// `&` (or the end); returns where it stopped.
    ///
    /// Eight bytes at a time while they are printable (ASCII, or UTF-8 that cannot be white space)
    /// with single spaces: such a word is stored whole, a space at its end is held back as pending
    /// (the next byte may be white space too), so the output never ends in a written space.
    /// Anything else (other white space, a double space, `<`, `&`, a lead byte of a possible
    /// non-ASCII space) takes the byte-at-a-time path for one character.
    mutating func appendText(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let end = input.count
        // Each input byte writes at most one byte, plus one pending space; with room for all of
        // it the copy needs no bounds checks (the eight-byte store never passes what it consumed).
        // Otherwise take the careful path for this stretch.
        guard count + (end - start) + 1 <= buffer.count else {
            var stop = start
            while stop < end, input[stop] != UInt8(ascii: "<"), input[stop] != UInt8(ascii: "&") { stop += 1 }
            append(contentsOf: input[start..<stop])
            return stop
        }
        let output = buffer.baseAddress!
        let source = UnsafeRawPointer(input.baseAddress!)
        var written = count
        var isSpacePending = pendingSpace
        var index = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Vector operands, not scalars: `vector .< 0x20` goes through the generic lane-by-lane
        // operators (about fifty times slower here), vector against vector to the SSE compares.
        let spaceVector = SIMD16<UInt8>(repeating: 0x20)
        let lessThanVector = SIMD16<UInt8>(repeating: 0x3C)
        let ampersandVector = SIMD16<UInt8>(repeating: 0x26)
        let leadC2Vector = SIMD16<UInt8>(repeating: 0xC2)
        let leadMaskVector = SIMD16<UInt8>(repeating: 0xFC)
        let leadE0Vector = SIMD16<UInt8>(repeating: 0xE0)
        while index < end {
            // Sixteen bytes at a time with vector compares, by the same rules as the eight-byte
            // path below (which takes over for the tail and after anything special).
            if index + 16 <= end {
                let vector = source.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let special =
                    (vector .< spaceVector) .| (vector .== lessThanVector) .| (vector .== ampersandVector)
                    .| (vector .== leadC2Vector) .| ((vector & leadMaskVector) .== leadE0Vector)
                let specialLanes = unsafeBitCast(special, to: SIMD2<UInt64>.self)
                if specialLanes[0] | specialLanes[1] == 0 {
                    // 0xFF in every byte that is a space.
                    let spaces = unsafeBitCast(vector .== spaceVector, to: SIMD2<UInt64>.self)
                    let (spacesLow, spacesHigh) = (spaces[0], spaces[1])
                    let hasDoubleSpace =
                        (spacesLow & (spacesLow << 8)) | (spacesHigh & (spacesHigh << 8)) | (spacesHigh & (spacesLow >> 56))
                    let startsWithSpace = spacesLow & 0xFF != 0
                    if hasDoubleSpace == 0 && !(startsWithSpace && written == 0) {
                        if isSpacePending && !startsWithSpace {
                            output[written] = 0x20
                            written += 1
                        }
                        UnsafeMutableRawPointer(output + written).storeBytes(of: vector, as: SIMD16<UInt8>.self)
                        let endsWithSpace = spacesHigh >> 56 != 0
                        written += endsWithSpace ? 15 : 16
                        isSpacePending = endsWithSpace
                        index += 16
                        continue
                    }
                }
            }
            if index + 8 <= end {
                let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // Any byte < 0x20, `<`, `&`, or a lead byte that can start white space beyond ASCII
                // (0xC2 for U+0085/U+00A0, 0xE0–0xE3 for U+1680, U+2000–U+205F, U+3000), exact as a
                // yes/no answer (a borrow only flags bytes above one that is flagged already). Other
                // non-ASCII bytes (accented letters, continuation bytes) are copied like letters.
                let lessThanSpace = (word &- 0x2020_2020_2020_2020) & ~word
                let lessThan = word ^ 0x3C3C_3C3C_3C3C_3C3C
                let ampersand = word ^ 0x2626_2626_2626_2626
                let leadC2 = word ^ 0xC2C2_C2C2_C2C2_C2C2
                let leadE0toE3 = (word & 0xFCFC_FCFC_FCFC_FCFC) ^ 0xE0E0_E0E0_E0E0_E0E0
                let special =
                    (lessThanSpace | ((lessThan &- ones) & ~lessThan) | ((ampersand &- ones) & ~ampersand)
                        | ((leadC2 &- ones) & ~leadC2) | ((leadE0toE3 &- ones) & ~leadE0toE3)) & high
                if special == 0 {
                    // High bit of each byte that is a space, exactly.
                    let difference = word ^ 0x2020_2020_2020_2020
                    let spaces = ~(((difference & low) &+ low) | difference | low)
                    let startsWithSpace = spaces & 0x80 != 0
                    if spaces & (spaces << 8) == 0 && !(startsWithSpace && written == 0) {
                        if isSpacePending && !startsWithSpace {
                            output[written] = 0x20
                            written += 1
                        }
                        UnsafeMutableRawPointer(output + written).storeBytes(of: word, as: UInt64.self)
                        let endsWithSpace = spaces >> 63 != 0
                        written += endsWithSpace ? 7 : 8
                        isSpacePending = endsWithSpace
                        index += 8
                        continue
                    }
                }
            }
            let byte = input[index]
            if byte > 0x20 && byte < 0x80 {
                if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") { break }
                if isSpacePending {
                    output[written] = 0x20
                    written += 1
                    isSpacePending = false
                }
                output[written] = byte
                written += 1
                index += 1
                continue
            }
            if byte < 0x80 {
                if PlainText.isASCIIWhitespace(byte) {
                    isSpacePending = written > 0
                } else {
                    if isSpacePending {
                        output[written] = 0x20
                        written += 1
                        isSpacePending = false
                    }
                    output[written] = byte
                    written += 1
                }
                index += 1
                continue
            }
            let sequenceEnd = min(index + UTF8Length.ofLeadingByte(byte), end)
            if PlainText.isMultibyteWhitespace(input, index, sequenceEnd) {
                isSpacePending = written > 0
                index = sequenceEnd
                continue
            }
            if isSpacePending {
                output[written] = 0x20
                written += 1
                isSpacePending = false
            }
            while index < sequenceEnd {
                output[written] = input[index]
                written += 1
                index += 1
            }
        }
        count = written
        pendingSpace = isSpacePending
        return index
    }

    /// Text: copied with its white space collapsed.
    mutating func append(contentsOf text: Slice<UnsafeBufferPointer<UInt8>>) {
        var index = text.startIndex
        let end = text.endIndex
        let base = text.base
        while index < end {
            let byte = base[index]
            // Fast path: a run of printable ASCII is copied in one go.
            if byte > 0x20 && byte < 0x80 {
                // Single spaces between words ride along; runs of white space end the run.
                var runEnd = index + 1
                while runEnd < end {
                    let next = base[runEnd]
                    if next > 0x20 && next < 0x80 {
                        runEnd += 1
                    } else if next == 0x20 && runEnd + 1 < end && base[runEnd + 1] > 0x20 && base[runEnd + 1] < 0x80 {
                        runEnd += 2
                    } else {
                        break
                    }
                }
                if pendingSpace {
                    pendingSpace = false
                    if count < buffer.count {
                        buffer[count] = 0x20
                        count += 1
                    }
                }
                let length = min(runEnd - index, buffer.count - count)
                if length > 0 {
                    (buffer.baseAddress! + count).update(from: base.baseAddress! + index, count: length)
                    count += length
                }
                index = runEnd
                continue
            }
            if byte < 0x80 {
                if PlainText.isASCIIWhitespace(byte) {
                    pendingSpace = count > 0
                } else {
                    put(byte)
                }
                index += 1
                continue
            }
            let sequenceEnd = min(index + UTF8Length.ofLeadingByte(byte), end)
            if PlainText.isMultibyteWhitespace(base, index, sequenceEnd) {
                pendingSpace = count > 0
                index = sequenceEnd
            } else {
                while index < sequenceEnd {
                    put(base[index])
                    index += 1
                }
            }
        }
    }
}

/// An HTML tag name, lower-cased and packed into integers (up to 16 bytes; longer names are never
/// compared), so that telling names apart allocates nothing.
struct TagName: Equatable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var length = 0

    /// The lower-cased name `input[start..<end]`.
    init(_ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        length = end - start
        guard length <= 16 else { return }
        for index in start..<end {
            var byte = input[index]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if index - start < 8 {
                low = low << 8 | UInt64(byte)
            } else {
                high = high << 8 | UInt64(byte)
            }
        }
    }

    private init(_ name: StaticString) {
        let bytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        self.init(bytes, 0, bytes.count)
    }

    static let script = TagName("script")
    static let style = TagName("style")

    /// `PlainText.blockElements` in an open-addressed table of 128 slots (a third full), probed by
    /// a multiplicative hash of the packed name: one multiply and a compare or two per tag, where
    /// a `Set` ran the seeded SipHash.
    private static let blockTable: [TagName?] = {
        var table = [TagName?](repeating: nil, count: blockSlots)
        for name in PlainText.blockElements {
            let tagName = Array(name.utf8).withUnsafeBufferPointer { TagName($0, 0, $0.count) }
            var slot = tagName.slot
            while table[slot] != nil { slot = (slot + 1) & (blockSlots - 1) }
            table[slot] = tagName
        }
        return table
    }()
    private static let blockSlots = 128

    private var slot: Int {
        Int(truncatingIfNeeded: ((low ^ high &* 31 ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15) >> 57)
    }

    /// Whether the name is one of `PlainText.blockElements`.
    var isBlockElement: Bool {
        guard length <= 16 else { return false }
        let table = Self.blockTable
        var slot = self.slot
        while let candidate = table[slot] {
            if candidate == self { return true }
            slot = (slot + 1) & (Self.blockSlots - 1)
        }
        return false
    }
}

extension TagName: Hashable {}

/// HTML character references (`&amp;`, `&#233;`, `&#xE9;`, legacy `&copy` without semicolon).
enum CharacterReference {
    /// Decodes the reference starting at `start` (an `&`) into `output`, returning the index after
    /// it; an `&` that starts no reference is copied as is.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, at start: Int, into output: inout [UInt8]) -> Int {
        let count = input.count
        var index = start + 1
        if index < count && input[index] == UInt8(ascii: "#") {
            index += 1
            var isHex = false
            if index < count && (input[index] | 0x20) == UInt8(ascii: "x") {
                isHex = true
                index += 1
            }
            let digitsStart = index
            var value: UInt32 = 0
            while index < count {
                let byte = input[index]
                let digit: UInt32
                if byte >= 0x30 && byte <= 0x39 {
                    digit = UInt32(byte - 0x30)
                } else if isHex && (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66 {
                    digit = UInt32((byte | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                value = min(value &* (isHex ? 16 : 10) &+ digit, 0x110000)
                index += 1
            }
            if index == digitsStart {
                output.append(UInt8(ascii: "&"))
                return start + 1
            }
            if index < count && input[index] == UInt8(ascii: ";") { index += 1 }
            appendScalar(numericReferenceScalar(value), to: &output)
            return index
        }
        var nameEnd = index
        while nameEnd < count, nameEnd - index < 32,
            (input[nameEnd] | 0x20) >= 0x61 && (input[nameEnd] | 0x20) <= 0x7A || (input[nameEnd] >= 0x30 && input[nameEnd] <= 0x39)
        {
            nameEnd += 1
        }
        if nameEnd > index {
            let name = String(decoding: input[index..<nameEnd], as: UTF8.self)
            if nameEnd < count && input[nameEnd] == UInt8(ascii: ";"), let value = HTMLEntityNames.codePoint(named: name) {
                appendScalar(value, to: &output)
                return nameEnd + 1
            }
            // Legacy references without a semicolon: the longest Latin-1 entity name that prefixes it.
            var prefixEnd = nameEnd
            while prefixEnd > index {
                let prefix = String(decoding: input[index..<prefixEnd], as: UTF8.self)
                if let value = HTMLEntityNames.codePoint(named: prefix), value <= 0xFF, prefix != "apos" {
                    appendScalar(value, to: &output)
                    return prefixEnd
                }
                prefixEnd -= 1
            }
        }
        output.append(UInt8(ascii: "&"))
        return start + 1
    }

    /// The scalar a numeric reference stands for, with the HTML replacements for C1 and invalid values.
    static func numericReferenceScalar(_ value: UInt32) -> UInt32 {
        if value >= 0x80 && value <= 0x9F { return Windows1252.scalar(forByte: UInt8(value)) }
        if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return 0xFFFD }
        return value
    }

    /// Appends the UTF-8 encoding of a scalar value.
    static func appendScalar(_ value: UInt32, to output: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else {
            output.append(contentsOf: [0xEF, 0xBF, 0xBD])
            return
        }
        UTF8.encode(scalar) { output.append($0) }
    }
}

/// The windows-1252 meanings of bytes 0x80–0x9F, which feeds (and HTML) use for those C1 code points.
enum Windows1252 {
    static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// A windows-1252 document re-encoded as UTF-8.
    static func utf8(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                let value = byte <= 0x9F ? scalar(forByte: byte) : UInt32(byte)
                CharacterReference.appendScalar(value, to: &output)
            }
        }
        return output
    }

    /// The scalar windows-1252 gives a byte 0x80–0x9F.
    static func scalar(forByte byte: UInt8) -> UInt32 {
        high[Int(byte - 0x80)]
    }
}
