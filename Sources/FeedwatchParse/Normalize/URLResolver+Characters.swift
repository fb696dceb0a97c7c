// The resolution algorithm on Characters, as it was first written: the fallback of
// `URLResolver.resolve` for the rare strings the byte path cannot read the same way, and the
// reference the byte path is tested against (URLResolverEquivalenceTests).
extension URLResolver {
    private struct CharacterParts {
        var scheme = ""
        var netloc: String? = nil
        var path = ""
        var query: String? = nil
        var fragment: String? = nil

        var text: String {
            var result = path
            let hasNetloc = !(netloc ?? "").isEmpty
            if hasNetloc || (!scheme.isEmpty && URLResolver.netlocSchemes.contains(scheme) && !path.hasPrefix("//")) {
                if !result.isEmpty && !result.hasPrefix("/") { result = "/" + result }
                result = "//" + (netloc ?? "") + result
            }
            if !scheme.isEmpty { result = scheme + ":" + result }
            if let query, !query.isEmpty { result += "?" + query }
            if let fragment, !fragment.isEmpty { result += "#" + fragment }
            return result
        }
    }

    private static func splitCharacters(_ url: String) -> CharacterParts {
        var parts = CharacterParts()
        var rest = Substring(url)
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.first, first.isASCII, first.isLetter,
                candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
            {
                parts.scheme = candidate.lowercased()
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            parts.netloc = String(rest[..<end])
            rest = rest[end...]
        }
        if let hash = rest.firstIndex(of: "#") {
            parts.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            parts.query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        parts.path = String(rest)
        return parts
    }

    /// `fixed` (a reference after `fixSlashes`, not empty) resolved against `base` (not empty), working
    /// on Characters: the algorithm as first written, kept for the strings whose grapheme clusters join a
    /// delimiter to a neighbouring non-ASCII scalar (`/` followed by a combining mark is one Character,
    /// and not a `/` here), where reading bytes would split differently.
    static func resolveByCharacters(_ fixed: String, against base: String) -> String {
        let baseParts = splitCharacters(base)
        var parts = splitCharacters(fixed)
        // An unbalanced bracket in the authority is an unusable IPv6 literal: no URL at all.
        for netloc in [baseParts.netloc, parts.netloc] {
            if let netloc, netloc.contains("[") != netloc.contains("]") { return "" }
        }
        if parts.scheme.isEmpty { parts.scheme = baseParts.scheme }
        if parts.scheme != baseParts.scheme || !relativeSchemes.contains(parts.scheme) { return fixed }
        if netlocSchemes.contains(parts.scheme) {
            if let netloc = parts.netloc, !netloc.isEmpty { return parts.text }
            parts.netloc = baseParts.netloc
        }
        if parts.path.isEmpty {
            parts.path = baseParts.path
            if parts.query == nil || parts.query!.isEmpty { parts.query = baseParts.query }
            return parts.text
        }
        var baseSegments = baseParts.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if baseSegments.last != "" { baseSegments.removeLast() }
        var segments: [String]
        if parts.path.hasPrefix("/") {
            segments = parts.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        } else {
            segments = baseSegments + parts.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if segments.count > 2 {
                let middle = segments[1..<(segments.count - 1)].filter { !$0.isEmpty }
                segments = [segments[0]] + middle + [segments[segments.count - 1]]
            }
        }
        var resolved: [String] = []
        for segment in segments {
            if segment == ".." {
                if resolved.count > 1 { resolved.removeLast() }
            } else if segment != "." {
                resolved.append(segment)
            }
        }
        if let last = segments.last, last == "." || last == ".." { resolved.append("") }
        let joined = resolved.joined(separator: "/")
        parts.path = joined.isEmpty ? "/" : joined
        return parts.text
    }

}
