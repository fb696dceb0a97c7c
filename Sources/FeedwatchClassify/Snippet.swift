/// Builds the short excerpt that explains a match: some words either side, the match in `[brackets]`.
enum Snippet {
    /// About how many characters of context to keep on each side of the match.
    static let contextLength = 40
    /// The longest stretch of a match shown before it is cut.
    static let matchLength = 120

    /// The excerpt of `text` around the UTF-8 range `start..<end` (at scalar boundaries).
    static func excerpt(of text: String, start: Int, end: Int) -> String {
        let utf8 = text.utf8
        guard start >= 0, start <= end, end <= utf8.count,
            let lower = utf8.index(utf8.startIndex, offsetBy: start, limitedBy: utf8.endIndex),
            let upper = utf8.index(utf8.startIndex, offsetBy: end, limitedBy: utf8.endIndex)
        else { return text }
        // Widen to Character boundaries so a combining mark is never split from its letter.
        let matchStart = text.startIndex == lower ? lower : text.index(before: text.index(after: lower))
        let matchEnd = upper == text.endIndex ? upper : text.index(after: text.index(before: upper))
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
