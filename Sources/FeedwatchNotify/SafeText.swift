import Foundation

/// Makes text from feeds safe for where notify puts it: one line, escaped, links only when http(s).
/// (FeedwatchDigest has its own copy: stage modules do not import each other.)
enum SafeText {
    /// True for every line break and control character: C0 (CR, LF, VT, FF, ESC...), DEL, C1 (including
    /// NEL U+0085) and the Unicode line and paragraph separators U+2028 and U+2029.
    static func isBreakOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The text on one line: line breaks and controls become spaces, white space runs collapse, ends trimmed.
    static func singleLine(_ text: String) -> String {
        var result = ""
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
            default: if !isBreakOrControl(scalar) { result.unicodeScalars.append(scalar) }
            }
        }
        return result.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacing(/\s+$/, with: "") }.joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }

    /// The text cut to at most `limit` characters at a word boundary, with an ellipsis when cut.
    static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let prefix = text.prefix(limit - 1)
        let cut = prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix
        return cut.trimmingCharacters(in: .whitespaces) + "…"
    }

    /// The link when it is an absolute http(s) URL with a host and no white space or control in it;
    /// nil for `javascript:`, `data:` and every other scheme.
    static func webLink(_ link: String?) -> String? {
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

    /// The text escaped for HTML content and double- or single-quoted attributes.
    static func html(_ text: String) -> String {
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
