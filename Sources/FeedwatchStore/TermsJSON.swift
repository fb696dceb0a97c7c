import Foundation
import FeedwatchModel

/// A match's explanation as the JSON stored in `match.terms`: what `JSONEncoder` with sorted keys
/// writes, built directly when every string is plain (no character JSON escapes), which spares an
/// encoder and its containers for each match of a pass.
enum TermsJSON {
    /// The JSON array of `terms`.
    static func encode(_ terms: [MatchedTerm]) -> String {
        if let plain = plainEncoding(terms) { return plain }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(terms)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// `[{"field":…,"snippet":…,"term":…},…]` (keys sorted, a missing snippet left out), or nil when a
    /// string holds a character that JSON escapes (`"`, `\`, `/`, control characters).
    static func plainEncoding(_ terms: [MatchedTerm]) -> String? {
        var output = "["
        for (index, term) in terms.enumerated() {
            guard isPlain(term.field), isPlain(term.term), term.snippet.map(isPlain) ?? true else { return nil }
            if index > 0 { output += "," }
            output += "{\"field\":\""
            output += term.field
            if let snippet = term.snippet {
                output += "\",\"snippet\":\""
                output += snippet
            }
            output += "\",\"term\":\""
            output += term.term
            output += "\"}"
        }
        output += "]"
        return output
    }

    /// No byte below 0x20, no `"`, `\`, `/` or DEL, no U+2028 or U+2029 (bytes E2 80 A8/A9): bytes JSON
    /// encoders may write otherwise.
    static func isPlain(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x2F || byte == 0x7F { return false }
            if previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9) { return false }
            previous = (previous.1, byte)
        }
        return true
    }
}
