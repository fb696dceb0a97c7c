import Foundation

/// Makes text from feeds safe for the place it is put: one line, escaped, links only when http(s).
enum TextSafety {
    /// The text with Markdown's active characters backslash-escaped (CommonMark allows escaping any ASCII
    /// punctuation), so a title cannot open a link, emphasis, code span or raw HTML.
    static func markdown(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_{}[]<>()#+!|&~".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A web link made safe to put in Markdown's `<...>` link destination: characters that could end it
    /// are percent-encoded.
    static func markdownDestination(_ link: String) -> String {
        var result = ""
        for character in link {
            switch character {
            case "<": result += "%3C"
            case ">": result += "%3E"
            case "\\": result += "%5C"
            default: result.append(character)
            }
        }
        return result
    }
}
