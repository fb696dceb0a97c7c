import Foundation
import FeedwatchModel

/// A match's explanation as the JSON stored in `match.terms`: what `JSONEncoder` with sorted keys
/// writes, built directly unless a string holds a control character or a line or paragraph
/// separator, which spares an encoder and its containers for each match of a pass.
enum TermsJSON {
    /// The JSON array of `terms`.
    static func encode(_ terms: [MatchedTerm]) -> String {
        if let plain = plainEncoding(terms) { return plain }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(terms)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// `[{"field":…,"snippet":…,"term":…},…]` (keys sorted, a missing snippet left out), or nil when a
    /// string holds a character whose escape is left to the encoder (control characters, DEL, U+2028,
    /// U+2029). `"`, `\` and `/` are escaped here as `JSONEncoder` escapes them (`\"`, `\\`, `\/`): a
    /// phrase term is written with its quotes (`"trade talks"`), and sent every match of one through
    /// the encoder.
    static func plainEncoding(_ terms: [MatchedTerm]) -> String? {
        var output = "["
        // Room for the usual explanation at once (keys and punctuation take 40 bytes a term), rather
        // than regrowing the String several times while appending.
        output.reserveCapacity(
            terms.reduce(2) { $0 + 41 + $1.field.utf8.count + $1.term.utf8.count + ($1.snippet?.utf8.count ?? 0) })
        for (index, term) in terms.enumerated() {
            if index > 0 { output += "," }
            output += "{\"field\":\""
            guard append(term.field, to: &output) else { return nil }
            if let snippet = term.snippet {
                output += "\",\"snippet\":\""
                guard append(snippet, to: &output) else { return nil }
            }
            output += "\",\"term\":\""
            guard append(term.term, to: &output) else { return nil }
            output += "\"}"
        }
        output += "]"
        return output
    }

    /// Appends `text` as the inside of a JSON string, `"`, `\` and `/` escaped; false when it holds a
    /// character left to the encoder (then `output` is incomplete and dropped).
    static func append(_ text: String, to output: inout String) -> Bool {
        switch escapeNeed(text) {
        case .none:
            output += text
        case .simple:
            var runStart = text.utf8.startIndex
            let bytes = text.utf8
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte == 0x22 || byte == 0x5C || byte == 0x2F else { continue }
                output += text[runStart..<index]
                output += byte == 0x22 ? "\\\"" : byte == 0x5C ? "\\\\" : "\\/"
                runStart = bytes.index(after: index)
            }
            output += text[runStart...]
        case .encoder:
            return false
        }
        return true
    }

    enum EscapeNeed { case none, simple, encoder }

    /// What writing `text` as a JSON string takes: nothing, escaping `"`, `\` or `/`, or the encoder
    /// (a byte below 0x20, DEL, U+2028 or U+2029, bytes E2 80 A8/A9, which encoders may write otherwise).
    static func escapeNeed(_ text: String) -> EscapeNeed {
        var need = EscapeNeed.none
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F { return .encoder }
            if byte == 0x22 || byte == 0x5C || byte == 0x2F { need = .simple }
            if previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9) { return .encoder }
            previous = (previous.1, byte)
        }
        return need
    }
}
