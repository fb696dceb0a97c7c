import Foundation

/// Text from feeds made safe for where it is shown: one line, escaped for HTML, links only when
/// http(s). Shared by every renderer (digest, email, webhook) so that one rule decides what is inert.
public enum FeedText {
    /// The text on one line: every line break (CR, LF, VT, FF, NEL U+0085, U+2028, U+2029) and other
    /// control character (C0, DEL, C1, which include terminal escape sequences' ESC and CSI) becomes
    /// a space; runs of white space collapse to one; ends are trimmed.
    public static func singleLine(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.unicodeScalars.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isBreakOrControl(scalar) || scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// True for line breaks and control characters.
    public static func isBreakOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The text cut to at most `limit` characters at a word boundary, with an ellipsis when cut.
    public static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let prefix = text.prefix(limit - 1)
        let cut = prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix
        return cut.trimmingCharacters(in: .whitespaces) + "…"
    }

    /// The link when it is an absolute http or https URL with a host; nil for any other scheme
    /// (`javascript:`, `data:`, `file:`, `mailto:`...), a relative reference, or a link with white space
    /// or control characters in it.
    public static func webLink(_ link: String?) -> String? {
        guard let trimmed = link?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        guard !trimmed.unicodeScalars.contains(where: { isBreakOrControl($0) || $0.properties.isWhitespace })
        else { return nil }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        // Characters RFC 3986 never allows in a URL, which lenient parsers pass through, are
        // percent-encoded so they can break out of neither an HTML attribute nor a Markdown destination.
        var safe = ""
        for character in trimmed {
            switch character {
            case "\"": safe += "%22"
            case "<": safe += "%3C"
            case ">": safe += "%3E"
            case "`": safe += "%60"
            case "\\": safe += "%5C"
            case "^": safe += "%5E"
            case "{": safe += "%7B"
            case "}": safe += "%7D"
            case "|": safe += "%7C"
            case "'": safe += "%27"
            default: safe.append(character)
            }
        }
        return safe
    }

    /// The text escaped for HTML element content and quoted attribute values.
    public static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
