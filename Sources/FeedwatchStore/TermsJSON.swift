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
    ///
    /// Written byte by byte into the String's own storage, sized for the worst case (every byte
    /// escaped): appending the pieces to a String cost 16,000 instructions a match (callgrind).
    static func plainEncoding(_ terms: [MatchedTerm]) -> String? {
        // 40 bytes of keys and punctuation a term, 2 for the brackets.
        var capacity = 2
        for term in terms {
            capacity += 41 + 2 * (term.field.utf8.count + term.term.utf8.count + (term.snippet?.utf8.count ?? 0))
        }
        var isPlain = true
        let output = String(unsafeUninitializedCapacity: capacity) { buffer -> Int in
            var writer = Writer(buffer: buffer)
            writer.append("[")
            for (index, term) in terms.enumerated() {
                if index > 0 { writer.append(",") }
                writer.append("{\"field\":\"")
                guard writer.appendEscaped(term.field) else {
                    isPlain = false
                    return 0
                }
                if let snippet = term.snippet {
                    writer.append("\",\"snippet\":\"")
                    guard writer.appendEscaped(snippet) else {
                        isPlain = false
                        return 0
                    }
                }
                writer.append("\",\"term\":\"")
                guard writer.appendEscaped(term.term) else {
                    isPlain = false
                    return 0
                }
                writer.append("\"}")
            }
            writer.append("]")
            return writer.count
        }
        return isPlain ? output : nil
    }

    /// Writes into a String's uninitialized storage, which is large enough for what it is given.
    private struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func append(_ text: StaticString) {
            let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            for byte in bytes {
                buffer[count] = byte
                count += 1
            }
        }

        /// Appends `text` as the inside of a JSON string, `"`, `\` and `/` escaped; false when it
        /// holds a character left to the encoder (a byte below 0x20, DEL, U+2028 or U+2029: bytes
        /// E2 80 A8/A9, which encoders may write otherwise).
        mutating func appendEscaped(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                for index in bytes.indices {
                    let byte = bytes[index]
                    if byte >= 0x80 {
                        if byte == 0xA8 || byte == 0xA9, index >= 2, bytes[index - 1] == 0x80, bytes[index - 2] == 0xE2 {
                            return false
                        }
                    } else if byte < 0x20 || byte == 0x7F {
                        return false
                    } else if byte == 0x22 || byte == 0x5C || byte == 0x2F {
                        buffer[count] = 0x5C
                        count += 1
                    }
                    buffer[count] = byte
                    count += 1
                }
                return true
            }
        }
    }
}
