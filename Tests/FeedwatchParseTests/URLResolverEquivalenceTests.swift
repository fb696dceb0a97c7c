import FeedwatchTestSupport
import Foundation
import Testing

@testable import FeedwatchParse

/// `URLResolver.resolve` reads links as bytes (and falls back to Characters for the rare string where a
/// delimiter has a non-ASCII neighbour). Resolved links are stored, keyed and printed by `parse`, so the
/// result must not change: these tests compare it with the resolver as it was before, kept below
/// verbatim, over generated references and bases, random strings, and the links and bases of the
/// conformance corpus.
@Suite("Link resolution: the byte reading and the original agree")
struct URLResolverEquivalenceTests {
    static let bases = [
        "https://example.org/blog/posts/", "https://example.org/blog/posts/x", "http://127.0.0.1:8080/1000/5.xml",
        "HTTP://Example.ORG/a/b/c?q=1#f", "https://example.org", "https://example.org?q", "https://example.org/a?#",
        "ftp://files.example/pub/", "mailto:someone@example.org", "file:///tmp/feeds/x.xml", "/feeds/", "feeds/x",
        "https://[::1]:8080/x/", "https://h[ost/", "//cdn.example/x/", "https://example.org/a/./b/../", "",
        "x:", "https:", "https://", "https:///x", "svn+ssh://host/repo/", "https://example.org/é/ü",
    ]

    static let references: [String] = {
        var references: [String] = []
        let schemes = ["", "http:", "https:", "HTTP:", "Https:", "ftp:", "mailto:", "javascript:", "1x:", "a+b.c-d:", "é:"]
        let authorities = ["", "//", "//example.org", "//Example.ORG:443", "//user@host", "//[::1]", "//ho[st", "//h]"]
        let paths = ["", "/", "a", "./a", "../a", "a/./b/../c", "..", ".", "//x", "a//b", "/a/b/..", "/..", "a/."]
        let queries = ["", "?", "?q=1", "?a?b", "?&amp;"]
        let fragments = ["", "#", "#f", "#a#b"]
        for scheme in schemes {
            for authority in authorities {
                for path in paths {
                    for query in queries {
                        for fragment in fragments {
                            references.append(scheme + authority + path + query + fragment)
                        }
                    }
                }
            }
        }
        return references
    }()

    @Test("generated references against generated bases")
    func generated() {
        var disagreements: [String] = []
        for (index, reference) in Self.references.enumerated() {
            // Every reference against a few bases, every base against some references.
            for base in [Self.bases[index % Self.bases.count], Self.bases[(index * 7 + 3) % Self.bases.count], nil] {
                compare(reference, base, &disagreements)
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test("random strings of delimiters, letters, combining marks and non-ASCII")
    func random() {
        let alphabet = [
            "/", ":", "?", "#", "[", "]", ".", "..", "a", "B", "h", "http", "https", "//", "\u{301}", "é", "\u{600}",
            "%", " ", "\r\n", "x", "\u{200D}", "e\u{301}", "\u{1F1FA}", "\u{212A}", "~", "&",
        ]
        var generator = SeededGenerator(seed: 0x5EED)
        func randomString() -> String {
            var text = ""
            for _ in 0..<Int(generator.next() % 9) { text += alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            return text
        }
        var disagreements: [String] = []
        for round in 0..<40_000 {
            let reference = randomString()
            let base = round % 3 == 0 ? Self.bases[round % Self.bases.count] : randomString()
            compare(reference, base, &disagreements)
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test("the links and bases of the conformance corpus, each link against each base")
    func corpus() throws {
        let url = Fixtures.directory.appendingPathComponent("url_references.txt")
        let lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\n")
        var bases = Self.bases
        var references: [String] = []
        for line in lines where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2 else { continue }
            if fields[0] == "base" { bases.append(String(fields[1])) } else { references.append(String(fields[1])) }
        }
        #expect(references.count > 1000)
        var disagreements: [String] = []
        for reference in references {
            for base in bases { compare(reference, base, &disagreements) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test("an absolute http(s) link with nothing to normalize is returned as it is")
    func unchanged() {
        let base = "http://127.0.0.1:8080/1000/5.xml"
        for link in ["http://127.0.0.1/0000005/03", "https://example.org/a/b?c=1&d=2#e", "https://example.org"] {
            #expect(URLResolver.resolve(link, against: base) == link)
        }
        #expect(URLResolver.resolve("HTTP://example.org/", against: base) == "http://example.org/")
        #expect(URLResolver.resolve("http://example.org/a?#", against: base) == "http://example.org/a")
        // Another scheme than the base's: returned as it is, even so.
        #expect(URLResolver.resolve("https://example.org/a?#", against: base) == "https://example.org/a?#")
    }

    private func compare(_ reference: String, _ base: String?, _ disagreements: inout [String]) {
        let expected = OriginalURLResolver.resolve(reference, against: base)
        let actual = URLResolver.resolve(reference, against: base)
        // Byte for byte: String == would call canonically equivalent strings equal.
        if Array(actual.utf8) != Array(expected.utf8) {
            disagreements.append("\(reference.debugDescription) against \(base.debugDescription): \(actual.debugDescription), was \(expected.debugDescription)")
        }
    }
}

/// The resolver as it was before it read bytes (commit 044679b), unchanged but for its name and the
/// qualified names of the scheme tables.
enum OriginalURLResolver {
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
        if parts.scheme != baseParts.scheme || !URLResolver.relativeSchemes.contains(parts.scheme) { return fixed }
        if URLResolver.netlocSchemes.contains(parts.scheme) {
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

}
