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
        var textStart = 0
        var skippedElement: [UInt8]? = nil  // inside script/style: only its end tag matters
        while index < count {
            if skippedElement == nil {
                // Plain text runs to the next `<` or `&`.
                while index < count, input[index] != UInt8(ascii: "<"), input[index] != UInt8(ascii: "&") { index += 1 }
                guard index < count else { break }
            }
            let byte = input[index]
            if byte == UInt8(ascii: "&") && skippedElement == nil {
                output.append(contentsOf: input[textStart..<index])
                index = decodeReference(at: index, into: &output)
                textStart = index
                continue
            }
            if byte != UInt8(ascii: "<") {
                index += 1
                continue
            }
            guard index + 1 < count else { break }
            let next = input[index + 1]
            if let skipped = skippedElement {
                // Only `</script` / `</style` ends raw text.
                if next == UInt8(ascii: "/") && matchesName(skipped, at: index + 2) {
                    let end = find(UInt8(ascii: ">"), from: index + 2) ?? count - 1
                    skippedElement = nil
                    index = end + 1
                    textStart = index
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
                    guard let end = find(UInt8(ascii: ">"), from: nameStart) else { break }
                    output.append(contentsOf: input[textStart..<index])
                    index = end + 1
                    textStart = index
                    continue
                }
                guard let end = tagEnd(from: nameStart) else { break }  // unterminated: rest is text
                output.append(contentsOf: input[textStart..<index])
                var nameEnd = nameStart
                while nameEnd < end, !isTagNameTerminator(input[nameEnd]) { nameEnd += 1 }
                let name = lowercasedName(nameStart, nameEnd)
                if !isEnd && (name == Self.script || name == Self.style) {
                    let selfClosing = end > nameStart && input[end - 1] == UInt8(ascii: "/")
                    if !selfClosing { skippedElement = name }
                } else if BlockElementNames.contains(name) {
                    output.append(0x20)
                }
                index = end + 1
                textStart = index
                continue
            }
            if next == UInt8(ascii: "!") {
                output.append(contentsOf: input[textStart..<index])
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
                textStart = index
                continue
            }
            if next == UInt8(ascii: "?") {
                output.append(contentsOf: input[textStart..<index])
                let end = find(UInt8(ascii: ">"), from: index + 2) ?? count
                index = min(count, end + 1)
                textStart = index
                continue
            }
            index += 1
        }
        if skippedElement == nil && textStart < count {
            output.append(contentsOf: input[textStart..<count])
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

    private func lowercasedName(_ start: Int, _ end: Int) -> [UInt8] {
        var name = [UInt8](input[start..<end])
        for index in name.indices where name[index] >= 0x41 && name[index] <= 0x5A { name[index] |= 0x20 }
        return name
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

    /// Decodes the reference at `start` (an `&`) into `output`; returns the index after it.
    private func decodeReference(at start: Int, into output: inout CollapsingWriter) -> Int {
        var decoded: [UInt8] = []
        let next = CharacterReference.decode(input, at: start, into: &decoded)
        decoded.withUnsafeBufferPointer { output.append(contentsOf: $0[...]) }
        return next
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

/// A fast membership test for block element names, on lower-cased bytes.
enum BlockElementNames {
    /// Names packed into integers (at most 8 bytes each), plus the two longer names.
    private static let packed: Set<UInt64> = Set(
        PlainText.blockElements.filter { $0.utf8.count <= 8 }.map { pack(Array($0.utf8)) })

    @inline(__always)
    private static func pack(_ name: [UInt8]) -> UInt64 {
        var value: UInt64 = 0
        for byte in name { value = value << 8 | UInt64(byte) }
        return value
    }

    static func contains(_ name: [UInt8]) -> Bool {
        if name.count > 8 {
            return name == Array("blockquote".utf8) || name == Array("figcaption".utf8)
        }
        return packed.contains(pack(name))
    }
}

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
        var buffer: [UInt8] = []
        UTF8.encode(scalar) { buffer.append($0) }
        output.append(contentsOf: buffer)
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
