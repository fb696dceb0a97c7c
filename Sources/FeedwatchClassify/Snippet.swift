/// Builds the short excerpt that explains a match: some words either side, the match in `[brackets]`.
enum Snippet {
    /// About how many characters of context to keep on each side of the match.
    static let contextLength = 40
    /// The longest stretch of a match shown before it is cut.
    static let matchLength = 120

    /// The excerpt of `text` around the UTF-8 range `start..<end` (at scalar boundaries).
    static func excerpt(of text: String, start: Int, end: Int) -> String {
        // The daemon explains every match it stores, so this runs for every (term, field) of every
        // match: most excerpts take the byte-level path, the rest the Character-level one.
        var copy = text
        if let excerpt = copy.withUTF8({ byteLevelExcerpt(of: $0, start: start, end: end) }) { return excerpt }
        return characterLevelExcerpt(of: text, start: start, end: end)
    }

    /// The excerpt `characterLevelExcerpt` gives, computed on UTF-8 bytes; nil (use the other) unless
    /// every Character it reads is one scalar below U+0300 other than CR.
    ///
    /// Below U+0300 no scalar extends or joins a grapheme cluster, so with CR (which joins a following
    /// LF) excluded each scalar is one Character and counting Characters is counting scalars. Latin
    /// text with precomposed accents, nearly all English and Spanish news, qualifies.
    static func byteLevelExcerpt(of bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> String? {
        guard start >= 0, start <= end, end <= bytes.count else { return nil }
        /// Whether the scalar led by `byte` qualifies: below U+0300 (lead byte below 0xCC) and not CR.
        func qualifies(_ byte: UInt8) -> Bool { byte < 0xCC && byte != 0x0D }
        /// Whether `offset` starts a scalar (is not a continuation byte).
        func startsScalar(_ offset: Int) -> Bool { offset == bytes.count || bytes[offset] & 0xC0 != 0x80 }
        guard startsScalar(start), startsScalar(end) else { return nil }
        // The match, its scalars counted (it is cut after `matchLength` of them).
        var matchScalars = 0
        var matchCut = end
        var offset = start
        while offset < end {
            guard qualifies(bytes[offset]) else { return nil }
            matchScalars += 1
            offset += scalarLength(bytes[offset])
            if matchScalars == matchLength { matchCut = offset }
        }
        if matchScalars <= matchLength { matchCut = end }
        // Walk `contextLength` scalars back from the match, and one more: the scalar that a cut
        // would leave outside must qualify too, or a Character could straddle the cut.
        var cut = start
        var walked = 0
        while walked <= contextLength, cut > 0 {
            cut -= 1
            while bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            guard qualifies(bytes[cut]) else { return nil }
            walked += 1
        }
        // `text.index(matchStart, offsetBy: -contextLength, limitedBy: startIndex)` exists and is past
        // the start exactly when more than `contextLength` scalars precede the match.
        let beforeIsCut = walked > contextLength
        var beforeStart = 0
        if beforeIsCut {
            beforeStart = start
            for _ in 0..<contextLength {
                beforeStart -= 1
                while bytes[beforeStart] & 0xC0 == 0x80 { beforeStart -= 1 }
            }
            // Start at a word boundary: drop the partial first word (up to its first white space).
            var space = beforeStart
            while space < start, !isWhitespace(bytes, at: space) { space += scalarLength(bytes[space]) }
            beforeStart = space
            // ... and then the white space itself.
            while beforeStart < start, isWhitespace(bytes, at: beforeStart) { beforeStart += scalarLength(bytes[beforeStart]) }
        }
        var afterEnd = end
        walked = 0
        while walked <= contextLength, afterEnd < bytes.count {
            guard qualifies(bytes[afterEnd]) else { return nil }
            afterEnd += scalarLength(bytes[afterEnd])
            walked += 1
        }
        let afterIsCut = walked > contextLength
        if afterIsCut {
            afterEnd = end
            for _ in 0..<contextLength { afterEnd += scalarLength(bytes[afterEnd]) }
            // End at a word boundary: cut at the last white space, then drop white space before it.
            var lastSpace = -1
            var scan = end
            while scan < afterEnd {
                if isWhitespace(bytes, at: scan) { lastSpace = scan }
                scan += scalarLength(bytes[scan])
            }
            if lastSpace >= 0 { afterEnd = lastSpace }
            while afterEnd > end {
                var previous = afterEnd - 1
                while bytes[previous] & 0xC0 == 0x80 { previous -= 1 }
                guard isWhitespace(bytes, at: previous) else { break }
                afterEnd = previous
            }
        } else {
            afterEnd = bytes.count
        }
        // Assemble, collapsing runs of white space to one space as `collapseWhitespace` does,
        // straight into the string's storage (no intermediate byte array: this runs for every
        // explained term). The marks add at most 11 bytes; collapsing only shortens.
        return String(unsafeUninitializedCapacity: (afterEnd - beforeStart) + 16) { output in
            var count = 0
            var previousIsSpace = false
            // Bytes between white space are copied in runs: a continuation byte is never white
            // space nor 0xC2, so a run may be cut anywhere a scalar starts, and the ranges are
            // scalar-aligned.
            func append(_ range: Range<Int>) {
                var index = range.lowerBound
                var runStart = index
                func copyRun(upTo end: Int) {
                    guard end > runStart else { return }
                    UnsafeMutableRawPointer(output.baseAddress! + count).copyMemory(
                        from: bytes.baseAddress! + runStart, byteCount: end - runStart)
                    count += end - runStart
                    previousIsSpace = false
                }
                while index < range.upperBound {
                    let byte = bytes[index]
                    let spaceLength: Int
                    if byte == 0x20 || byte &- 0x09 <= 0x0D - 0x09 {
                        spaceLength = 1
                    } else if byte == 0xC2, isWhitespace(bytes, at: index) {
                        spaceLength = 2
                    } else {
                        index += 1
                        continue
                    }
                    copyRun(upTo: index)
                    if !previousIsSpace {
                        output[count] = 0x20
                        count += 1
                    }
                    previousIsSpace = true
                    index += spaceLength
                    runStart = index
                }
                copyRun(upTo: range.upperBound)
            }
            func appendMark(_ mark: StaticString) {
                mark.withUTF8Buffer { mark in
                    for byte in mark {
                        output[count] = byte
                        count += 1
                    }
                }
                previousIsSpace = false
            }
            if beforeIsCut { appendMark("…") }
            append(beforeStart..<start)
            appendMark("[")
            append(start..<matchCut)
            if matchCut < end { appendMark("…") }
            appendMark("]")
            append(end..<afterEnd)
            if afterIsCut { appendMark("…") }
            return count
        }
    }

    /// The length in bytes of the UTF-8 scalar led by `byte`.
    @inline(__always)
    private static func scalarLength(_ byte: UInt8) -> Int {
        byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
    }

    /// Whether the scalar at `offset` (below U+0300) is white space: ASCII tab to CR, space, NEL, NBSP.
    @inline(__always)
    private static func isWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let byte = bytes[offset]
        if byte < 0x80 { return byte == 0x20 || (0x09...0x0D).contains(byte) }
        return byte == 0xC2 && offset + 1 < bytes.count && (bytes[offset + 1] == 0x85 || bytes[offset + 1] == 0xA0)
    }

    /// The excerpt, with Characters counted as such (any text).
    static func characterLevelExcerpt(of text: String, start: Int, end: Int) -> String {
        let utf8 = text.utf8
        guard start >= 0, start <= end, end <= utf8.count,
            let lower = utf8.index(utf8.startIndex, offsetBy: start, limitedBy: utf8.endIndex),
            let upper = utf8.index(utf8.startIndex, offsetBy: end, limitedBy: utf8.endIndex)
        else { return text }
        // Widen to Character boundaries so a combining mark, a joiner or an emoji modifier is never
        // split from its letter: the start rounds down, the end rounds up (String's Character
        // operations first round an unaligned index down to its Character's start).
        let matchStart = text.startIndex == lower ? lower : text.index(before: text.index(after: lower))
        let matchEnd = upper.samePosition(in: text) != nil ? upper : text.index(after: upper)
        var match = String(text[matchStart..<matchEnd])
        if match.count > matchLength { match = String(match.prefix(matchLength)) + "…" }

        var before = text[text.startIndex..<matchStart]
        var beforeIsCut = false
        // Bounded walks, not `count`: a match deep in a long content field must not cost its length.
        if let cut = text.index(matchStart, offsetBy: -contextLength, limitedBy: text.startIndex), cut > text.startIndex {
            before = text[cut..<matchStart]
            // Start at a word boundary: drop the partial first word.
            if let space = before.firstIndex(where: \.isWhitespace) { before = before[space...] }
            beforeIsCut = true
        }
        var after = text[matchEnd..<text.endIndex]
        var afterIsCut = false
        if let cut = text.index(matchEnd, offsetBy: contextLength, limitedBy: text.endIndex), cut < text.endIndex {
            after = text[matchEnd..<cut]
            if let space = after.lastIndex(where: \.isWhitespace) { after = after[..<space] }
            afterIsCut = true
        }
        if beforeIsCut { before = before.drop(while: \.isWhitespace) }
        if afterIsCut { while after.last?.isWhitespace == true { after.removeLast() } }
        let head = (beforeIsCut ? "…" : "") + before
        let tail = after + (afterIsCut ? "…" : "")
        return collapseWhitespace(head + "[" + match + "]" + tail)
    }

    /// Runs of whitespace (newlines from feed HTML) as single spaces, so a snippet is one line.
    private static func collapseWhitespace(_ text: String) -> String {
        // Scalars, not Characters: no grapheme breaking, and ASCII decided without a property lookup.
        var result = String.UnicodeScalarView()
        var previousIsSpace = false
        for scalar in text.unicodeScalars {
            let isSpace = scalar.value < 0x80
                ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value))
                : scalar.properties.isWhitespace
            if isSpace {
                if !previousIsSpace { result.append(" ") }
                previousIsSpace = true
            } else {
                result.append(scalar)
                previousIsSpace = false
            }
        }
        return String(result)
    }
}
