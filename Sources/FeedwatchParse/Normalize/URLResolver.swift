/// Resolves references against a base the way RFC 3986 §5.2 says (and the way feed readers
/// have long done it): same-scheme relative forms, `//host` references, dot segments removed.
///
/// Pure string work; no Foundation URL, which rejects much of what feeds contain.
enum URLResolver {
    /// Schemes whose references may be relative.
    static let relativeSchemes: Set<String> = [
        "", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero", "rtsp",
        "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss",
    ]
    /// Schemes with an authority part.
    static let netlocSchemes: Set<String> = [
        "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews",
        "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss",
    ]
    /// Schemes an `xml:base` may switch to; any other leaves the previous base in force.
    static let acceptableSchemes: Set<String> = [
        "file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap", "magnet", "mailto", "mms", "news", "nntp",
        "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "snews", "svn", "svn+ssh", "telnet",
        "wais", "aim", "callto", "cvs", "facetime", "feed", "git", "gtalk", "irc", "ircs", "irc6", "itms", "msnim",
        "skype", "ssh", "smb", "ymsg",
    ]

    private struct Parts {
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

    private static func split(_ url: String) -> Parts {
        var parts = Parts()
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

    /// `reference` resolved against `base`; `reference` itself when there is no base.
    static func resolve(_ reference: String, against base: String?) -> String {
        let fixed = fixSlashes(reference)
        guard let base, !base.isEmpty else { return fixed }
        if fixed.isEmpty { return base }
        let baseParts = split(base)
        var parts = split(fixed)
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

    /// `http:///x` becomes `http://x`: stray slashes after the scheme's `//` are dropped.
    static func fixSlashes(_ url: String) -> String {
        // Only `scheme:///` needs work; most URLs have a single `/` after `://`.
        let bytes = url.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return url }
        let afterColon = bytes[bytes.index(after: colon)...]
        guard afterColon.starts(with: [0x2F, 0x2F, 0x2F]) else { return url }
        guard let range = url.range(of: "://") else { return url }
        let scheme = url[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return url }
        var rest = url[range.upperBound...]
        guard rest.hasPrefix("/") else { return url }
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        return String(url[..<range.upperBound]) + rest
    }

    /// The base in force inside an element whose `xml:base` is `value`, given the outer base.
    static func nestedBase(outer: String, value: String?) -> String {
        guard let value, !value.isEmpty else { return outer }
        if outer.isEmpty { return resolve(value, against: outer) }
        let joined = resolve(value, against: outer)
        let scheme = joined.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return acceptableSchemes.contains(scheme) ? joined : outer
    }
}
