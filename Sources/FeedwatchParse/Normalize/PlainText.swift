import FeedwatchXML

/// Turns feed text into the plain text of `parse-json.md`: markup removed, references decoded,
/// white space collapsed, trimmed; an empty result is nil.
///
/// The HTML path is a hand-written byte scanner rather than libxml2's HTML parser: feed fragments
/// are small and many, and the rules needed are few (drop tags, comments and `script`/`style`
/// bodies; block elements separate words; decode references). It works on UTF-8 bytes and builds
/// one String per field.
enum PlainText {
    /// Elements whose start or end separates words.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    ]

    /// The plain text of an HTML fragment.
    static func fromHTML(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { fromHTML($0) }
    }

    /// The plain text of an HTML fragment given as UTF-8.
    static func fromHTML(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        // The text never grows: every reference and tag is at least as long as what it becomes.
        // Written to scratch memory (on the stack when small) and made a String by `FastUTF8`:
        // writing into the String's own storage let the standard library check it byte by byte.
        let result = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count + 8) { buffer -> String in
            var writer = CollapsingWriter(buffer)
            HTMLTextScanner(input: input).run(into: &writer)
            return FastUTF8.string(UnsafeBufferPointer(rebasing: buffer[..<writer.count]))
        }
        return result.isEmpty ? nil : result
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F)
    }

    /// Collapses the white space of a String.
    static func collapse(_ text: String?) -> String? {
        guard var text else { return nil }
        return text.withUTF8 { collapse($0) }
    }

    /// Collapses runs of white space (Unicode White_Space and the ASCII separators) to one space, trims;
    /// nil when nothing is left.
    static func collapse(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        if input.isEmpty { return nil }
        // Scratch memory and `FastUTF8`, as in `fromHTML`.
        let result = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count) { output -> String in
            var written = 0
            var pendingSpace = false
            var index = 0
            let count = input.count
            let source = UnsafeRawPointer(input.baseAddress!)
            let target = UnsafeMutableRawPointer(output.baseAddress!)
            while index < count {
                // Eight bytes at a time while none is a control or beyond ASCII and no two spaces
                // are neighbours: they are copied as they are, a leading space standing for a
                // pending one and a trailing one left pending. Room: each byte consumed writes at
                // most one, and a pending space stands for a byte that wrote none.
                while index + 8 <= count {
                    let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    // Exact as a yes/no answer: some byte is below 0x20, or has its high bit set.
                    let special = (((word &- 0x2020_2020_2020_2020) & ~word) | word) & 0x8080_8080_8080_8080
                    guard special == 0 else { break }
                    // The high bit of each byte that is a space, exactly.
                    let difference = word ^ 0x2020_2020_2020_2020
                    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                    let spaces = ~(((difference & low) &+ low) | difference | low)
                    let startsWithSpace = spaces & 0x80 != 0
                    guard spaces & (spaces << 8) == 0, !(startsWithSpace && written == 0) else { break }
                    if pendingSpace && !startsWithSpace {
                        output[written] = 0x20
                        written += 1
                    }
                    target.storeBytes(of: word, toByteOffset: written, as: UInt64.self)
                    let endsWithSpace = spaces >> 63 != 0
                    written += endsWithSpace ? 7 : 8
                    pendingSpace = endsWithSpace
                    index += 8
                }
                guard index < count else { break }
                let byte = input[index]
                if byte < 0x80 {
                    if isASCIIWhitespace(byte) {
                        pendingSpace = written > 0
                    } else {
                        if pendingSpace {
                            output[written] = 0x20
                            written += 1
                            pendingSpace = false
                        }
                        output[written] = byte
                        written += 1
                    }
                    index += 1
                    continue
                }
                let end = min(index + UTF8Length.ofLeadingByte(byte), count)
                if isMultibyteWhitespace(input, index, end) {
                    pendingSpace = written > 0
                } else {
                    if pendingSpace {
                        output[written] = 0x20
                        written += 1
                        pendingSpace = false
                    }
                    while index < end {
                        output[written] = input[index]
                        written += 1
                        index += 1
                    }
                }
                index = end
            }
            return FastUTF8.string(UnsafeBufferPointer(rebasing: output[..<written]))
        }
        return result.isEmpty ? nil : result
    }

    /// Whether the UTF-8 sequence `input[start..<end]` is a white-space character beyond ASCII.
    @inline(__always)
    static func isMultibyteWhitespace(_ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        if length == 2 {
            // U+0085, U+00A0
            return input[start] == 0xC2 && (input[start + 1] == 0x85 || input[start + 1] == 0xA0)
        }
        if length == 3 {
            let (first, second, third) = (input[start], input[start + 1], input[start + 2])
            if first == 0xE1 && second == 0x9A && third == 0x80 { return true }  // U+1680
            if first == 0xE2 && second == 0x80 {
                // U+2000–U+200A, U+2028, U+2029, U+202F
                return (third >= 0x80 && third <= 0x8A) || third == 0xA8 || third == 0xA9 || third == 0xAF
            }
            if first == 0xE2 && second == 0x81 && third == 0x9F { return true }  // U+205F
            if first == 0xE3 && second == 0x80 && third == 0x80 { return true }  // U+3000
        }
        return false
    }

    /// Whether untyped RSS/RDF/JSON text reads as HTML: it holds a closing tag or a reference, and
    /// every tag is a known HTML element and every named reference a known HTML entity.
    static func looksLikeHTML(_ text: String) -> Bool {
        if !text.utf8Contains(UInt8(ascii: "<")) && !text.utf8Contains(UInt8(ascii: "&")) { return false }
        let bytes = Array(text.utf8)
        var hasClosingTag = false
        var hasReference = false
        var index = 0
        let count = bytes.count
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == 0x5F
                || byte >= 0x80
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                var start = index + 1
                let isClosing = start < count && bytes[start] == UInt8(ascii: "/")
                if isClosing { start += 1 }
                var end = start
                while end < count && isWordByte(bytes[end]) { end += 1 }
                if end > start {
                    let name = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
                    if !acceptableElements.contains(name) { return false }
                    if isClosing && end < count && bytes[end] == UInt8(ascii: ">") { hasClosingTag = true }
                }
                index = max(end, index + 1)
            } else if byte == UInt8(ascii: "&") {
                var start = index + 1
                let isNumeric = start < count && bytes[start] == UInt8(ascii: "#")
                if isNumeric { start += 1 }
                var end = start
                while end < count && isWordByte(bytes[end]) { end += 1 }
                if end > start && end < count && bytes[end] == UInt8(ascii: ";") {
                    hasReference = true
                    if !isNumeric {
                        let name = String(decoding: bytes[start..<end], as: UTF8.self)
                        if HTMLEntityNames.codePoint(named: name) == nil || name == "apos" { return false }
                    }
                }
                index = max(end, index + 1)
            } else {
                index += 1
            }
        }
        return hasClosingTag || hasReference
    }

    /// The HTML elements feedparser's sanitizer accepts; text with any other tag is not taken for HTML.
    static let acceptableElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
        "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid", "datalist",
        "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "fieldset", "figcaption",
        "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input",
        "ins", "kbd", "keygen", "label", "legend", "li", "m", "map", "menu", "meter", "multicol", "nav", "nextid",
        "noscript", "ol", "optgroup", "option", "output", "p", "pre", "progress", "q", "s", "samp", "section",
        "select", "small", "sound", "source", "spacer", "span", "strike", "strong", "sub", "sup", "table", "tbody",
        "td", "textarea", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video",
    ]
}

/// UTF-8 sequence lengths.
enum UTF8Length {
    /// The length of the sequence a leading byte starts (1 for a stray continuation byte).
    @inline(__always)
    static func ofLeadingByte(_ byte: UInt8) -> Int {
        if byte < 0xC0 { return 1 }
        if byte < 0xE0 { return 2 }
        if byte < 0xF0 { return 3 }
        return 4
    }
}
