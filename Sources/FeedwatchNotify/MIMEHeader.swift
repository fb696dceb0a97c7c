import FeedwatchModel
import Foundation

/// Writes header fields that cannot be injected into: every value is made one line first (CR, LF, NEL,
/// U+2028/U+2029 and other controls become spaces), non-ASCII text becomes RFC 2047 encoded-words,
/// and lines are folded to at most 78 characters (RFC 5322 §2.1.1) with CRLF + space.
enum MIMEHeader {
    /// The longest line written, as RFC 5322 recommends.
    static let lineLimit = 78

    /// One header field, `Name: value` folded, each line ending CRLF. `value` is unstructured text.
    static func unstructured(_ name: String, _ value: String) -> String {
        let clean = FeedText.singleLine(value)
        if isPlainASCII(clean), let folded = foldWords(name: name, words: clean.split(separator: " ").map(String.init)) {
            return folded
        }
        return foldWords(name: name, words: encodedWords(clean, firstLineUsed: name.count + 1), allowLongWords: true)!
    }

    /// A header field whose value is already safe ASCII tokens (addresses, IDs, dates), folded at spaces.
    static func structured(_ name: String, _ value: String) -> String {
        let words = FeedText.singleLine(value).split(separator: " ").map(String.init)
        // Structured values are built by this module from checked parts, so a word never exceeds the limit
        // (998 is the hard limit; an overlong word is left on its own line rather than broken).
        return foldWords(name: name, words: words, allowLongWords: true)!
    }

    /// A display name as an RFC 5322 phrase: atoms as they are, other ASCII as a quoted string, and
    /// non-ASCII as encoded-words (RFC 2047 §5(3)).
    static func phrase(_ text: String) -> String {
        let clean = FeedText.singleLine(text)
        let atext = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ "))
        if isPlainASCII(clean), clean.unicodeScalars.allSatisfy({ atext.contains($0) }), !clean.isEmpty {
            return clean
        }
        if isPlainASCII(clean) {
            return "\"" + clean.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }
        return encodedWords(clean, firstLineUsed: 0).joined(separator: " ")
    }

    /// True when the text is printable ASCII and contains no `=?` that a reader would take for an encoded-word.
    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !text.contains("=?")
    }

    /// The text as `=?UTF-8?B?...?=` words of at most 75 characters each (RFC 2047 §2), never splitting
    /// a character's UTF-8 bytes across words (§5). The first word is shorter when the header's name
    /// already uses `firstLineUsed` characters of its line.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        let overhead = "=?UTF-8?B??=".count
        func maxBytes(forWord index: Int) -> Int {
            let budget = index == 0 ? min(75, max(overhead + 8, lineLimit - firstLineUsed - 1)) : 75
            return (budget - overhead) / 4 * 3
        }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes(forWord: words.count), !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            // A single grapheme longer than a whole word (a long combining sequence) is cut, not overflowed.
            chunk += bytes.prefix(maxBytes(forWord: words.count))
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// Greedy folding of words into lines of at most `lineLimit` characters, CRLF + space between lines;
    /// nil when a word cannot fit (the caller then encodes), unless long words are allowed on a line alone.
    private static func foldWords(name: String, words: [String], allowLongWords: Bool = false) -> String? {
        var lines: [String] = []
        var line = "\(name):"
        var lineHasWord = false
        for word in words {
            if line.count + 1 + word.count <= lineLimit || (!lineHasWord && allowLongWords) {
                line += " " + word
                lineHasWord = true
                continue
            }
            guard lineHasWord, 1 + word.count <= lineLimit || allowLongWords else { return nil }
            lines.append(line)
            line = " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An RFC 5322 §3.3 date: `Sun, 08 Mar 2026 14:05:00 +0000`.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
