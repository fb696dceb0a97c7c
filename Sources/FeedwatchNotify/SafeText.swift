import FeedwatchModel
import Foundation

/// Makes text from feeds safe for where notify puts it: one line, escaped, links only when http(s).
/// (One-line text, HTML escaping and link checks are FeedwatchModel's FeedText, shared with digests.)
enum SafeText {
    /// Multi-line text with every kind of line break made `\n`, other controls removed, and trailing
    /// white space of each line trimmed (for bodies, where paragraphs are kept).
    static func paragraphs(_ text: String) -> String {
        var result = ""
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousWasCarriageReturn: continue
            case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029: result.unicodeScalars.append("\n")
            case 0x09: result.unicodeScalars.append(" ")
            default: if !FeedText.isBreakOrControl(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacing(/\s+$/, with: "") }.joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }
}
