import FeedwatchXML

/// Repairs the two mistakes that make most broken feeds ill-formed, for a second parse after the
/// first one failed: a bare `&` (`Fish & Chips`, `?a=1&b=2`) and a `<` that starts no tag
/// (`<3`). References are read the way lenient SGML parsers (and so most feed readers) read them:
/// `&copy=2` is `©=2` (a known entity name ends at the first non-alphanumeric character),
/// an unknown name is kept as text with a semicolon added (`&utm_source` → `&utm;_source`).
/// C0 control characters, which XML forbids, are dropped. Comments, CDATA sections, processing
/// instructions and the DOCTYPE are copied unchanged.
enum MarkupRepair {
    /// The repaired document, or nil when nothing needed repair.
    static func repair(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 16)
        var changed = false
        let count = input.count
        var index = 0

        func copyThrough(_ terminator: [UInt8], from start: Int) -> Int {
            var position = start
            while position + terminator.count <= count {
                var matches = true
                for offset in 0..<terminator.count where input[position + offset] != terminator[offset] {
                    matches = false
                    break
                }
                if matches {
                    output.append(contentsOf: input[index..<(position + terminator.count)])
                    return position + terminator.count
                }
                position += 1
            }
            output.append(contentsOf: input[index..<count])
            return count
        }

        func hasPrefix(_ prefix: String, at start: Int) -> Bool {
            let bytes = Array(prefix.utf8)
            guard start + bytes.count <= count else { return false }
            for offset in 0..<bytes.count where input[start + offset] != bytes[offset] { return false }
            return true
        }

        while index < count {
            let byte = input[index]
            if byte == UInt8(ascii: "<") {
                if hasPrefix("<!--", at: index) {
                    index = copyThrough(Array("-->".utf8), from: index + 4)
                    continue
                }
                if hasPrefix("<![CDATA[", at: index) {
                    index = copyThrough(Array("]]>".utf8), from: index + 9)
                    continue
                }
                if hasPrefix("<?", at: index) {
                    index = copyThrough(Array("?>".utf8), from: index + 2)
                    continue
                }
                if hasPrefix("<!", at: index) {
                    // DOCTYPE (with an internal subset in brackets).
                    var position = index + 2
                    var bracketDepth = 0
                    while position < count {
                        let current = input[position]
                        if current == UInt8(ascii: "[") { bracketDepth += 1 }
                        if current == UInt8(ascii: "]") { bracketDepth -= 1 }
                        if current == UInt8(ascii: ">") && bracketDepth <= 0 { break }
                        position += 1
                    }
                    let end = min(count, position + 1)
                    output.append(contentsOf: input[index..<end])
                    index = end
                    continue
                }
                let next = index + 1 < count ? input[index + 1] : 0
                let startsTag =
                    next == UInt8(ascii: "/") || next == UInt8(ascii: "_") || next == UInt8(ascii: ":") || next >= 0x80
                    || ((next | 0x20) >= UInt8(ascii: "a") && (next | 0x20) <= UInt8(ascii: "z"))
                if !startsTag {
                    output.append(contentsOf: Array("&lt;".utf8))
                    changed = true
                    index += 1
                    continue
                }
                // A tag: copy it, repairing bare `&` inside quoted attribute values.
                var position = index
                var quote: UInt8 = 0
                while position < count {
                    let current = input[position]
                    if quote != 0 {
                        if current == quote {
                            quote = 0
                        } else if current == UInt8(ascii: "&") {
                            if let length = referenceLength(input, at: position) {
                                output.append(contentsOf: input[position..<(position + length)])
                                position += length
                                continue
                            }
                            output.append(contentsOf: Array("&amp;".utf8))
                            changed = true
                            position += 1
                            continue
                        }
                    } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                        quote = current
                    } else if current == UInt8(ascii: ">") {
                        output.append(current)
                        position += 1
                        break
                    }
                    output.append(current)
                    position += 1
                }
                index = position
                continue
            }
            if byte == UInt8(ascii: "&") {
                if let length = referenceLength(input, at: index) {
                    output.append(contentsOf: input[index..<(index + length)])
                    index += length
                    continue
                }
                changed = true
                index = repairReference(input, at: index, into: &output)
                continue
            }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                // C0 controls are not XML characters; libxml2 would stop at a NUL.
                changed = true
                index += 1
                continue
            }
            output.append(byte)
            index += 1
        }
        return changed ? output : nil
    }

    /// The length of a well-formed reference the parser will understand (`&amp;`, `&#38;`, `&eacute;`), else nil.
    private static func referenceLength(_ input: UnsafeRawBufferPointer, at start: Int) -> Int? {
        var position = start + 1
        guard position < input.count else { return nil }
        if input[position] == UInt8(ascii: "#") {
            position += 1
            var isHex = false
            // Only a lowercase `x` is XML; `&#X41;` is repaired below.
            if position < input.count && input[position] == UInt8(ascii: "x") {
                isHex = true
                position += 1
            }
            let digitsStart = position
            while position < input.count, isDigit(input[position], hex: isHex) { position += 1 }
            guard position > digitsStart, position < input.count, input[position] == UInt8(ascii: ";") else { return nil }
            return position + 1 - start
        }
        let nameStart = position
        while position < input.count, isNameByte(input[position]) { position += 1 }
        guard position > nameStart, position < input.count, input[position] == UInt8(ascii: ";") else { return nil }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: input[nameStart..<position]), as: UTF8.self)
        guard ["amp", "lt", "gt", "quot", "apos"].contains(name) || HTMLEntityNames.codePoint(named: name) != nil else {
            return nil
        }
        return position + 1 - start
    }

    /// Writes the repaired form of the ill-formed reference at `start`; returns the index after what it consumed.
    private static func repairReference(_ input: UnsafeRawBufferPointer, at start: Int, into output: inout [UInt8]) -> Int {
        var position = start + 1
        if position < input.count && input[position] == UInt8(ascii: "#") {
            position += 1
            var isHex = false
            if position < input.count && (input[position] | 0x20) == UInt8(ascii: "x") {
                isHex = true
                position += 1
            }
            let digitsStart = position
            while position < input.count, isDigit(input[position], hex: isHex) { position += 1 }
            if position > digitsStart {
                // HTML (and so lenient readers) also take `&#X41;`; XML wants the lowercase `x`.
                output.append(contentsOf: Array((isHex ? "&#x" : "&#").utf8))
                output.append(contentsOf: input[digitsStart..<position])
                output.append(UInt8(ascii: ";"))
                if position < input.count && input[position] == UInt8(ascii: ";") { position += 1 }
                return position
            }
            output.append(contentsOf: Array("&amp;".utf8))
            return start + 1
        }
        // SGML entity names: a letter, then letters, digits, `-` and `.`.
        let nameStart = position
        if position < input.count, (input[position] | 0x20) >= UInt8(ascii: "a"), (input[position] | 0x20) <= UInt8(ascii: "z") {
            position += 1
            while position < input.count, isSGMLNameByte(input[position]) { position += 1 }
        }
        guard position > nameStart, position < input.count else {
            output.append(contentsOf: Array("&amp;".utf8))
            return start + 1
        }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: input[nameStart..<position]), as: UTF8.self)
        let isKnown = ["amp", "lt", "gt", "quot", "apos"].contains(name) || HTMLEntityNames.codePoint(named: name) != nil
        output.append(contentsOf: Array((isKnown ? "&" : "&amp;").utf8))
        output.append(contentsOf: Array(name.utf8))
        output.append(UInt8(ascii: ";"))
        if input[position] == UInt8(ascii: ";") { position += 1 }
        return position
    }

    private static func isDigit(_ byte: UInt8, hex: Bool) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (hex && (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isSGMLNameByte(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isSGMLNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }
}
