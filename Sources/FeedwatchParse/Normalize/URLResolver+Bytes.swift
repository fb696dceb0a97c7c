// The byte reading of `URLResolver.resolve`: the steps of `resolveByCharacters` (RFC 3986 §5.2 as
// feed readers do it) on ranges of the UTF-8 bytes, with no String per part. The common case, an
// absolute http(s) link with nothing to normalize, returns the reference itself without a copy.

extension URLResolver {
    /// A run of bytes of the reference or of the base.
    private struct Piece {
        let bytes: UnsafeBufferPointer<UInt8>
        let range: Range<Int>

        var isEmpty: Bool { range.isEmpty }
        var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

        func equals(_ text: StaticString) -> Bool {
            guard range.count == text.utf8CodeUnitCount else { return false }
            let expected = text.utf8Start
            for offset in 0..<range.count where bytes[range.lowerBound + offset] != expected[offset] { return false }
            return true
        }
    }

    /// The parts of a URL, each nil when absent (as the optional Strings of the Character reading).
    private struct ByteParts {
        /// Without the `:`; validated as a scheme (ASCII letter, then letters, digits, `+-.`).
        var scheme: Piece?
        /// After `//`, up to the first `/`, `?` or `#`.
        var netloc: Piece?
        var path: Piece
        /// After the first `?` (before the fragment).
        var query: Piece?
        /// After the first `#`.
        var fragment: Piece?
    }

    /// What the byte reading decided.
    private enum ByteOutcome {
        /// The reference itself, unchanged.
        case reference
        case text(String)
        /// A delimiter has a non-ASCII neighbour: only Characters read this string right.
        case needsCharacters
    }

    /// `fixed` (a reference after `fixSlashes`, not empty) resolved against `base` (not empty), or nil
    /// when the string must be read as Characters (`resolveByCharacters`).
    static func resolveBytes(_ fixed: String, against base: String) -> String? {
        var reference = fixed
        var baseText = base
        // `withUTF8` copies only a string that is not contiguous UTF-8 already (a bridged one).
        let outcome = reference.withUTF8 { reference in
            baseText.withUTF8 { base in resolve(reference: reference, base: base) }
        }
        switch outcome {
        case .reference: return fixed
        case .text(let text): return text
        case .needsCharacters: return nil
        }
    }

    private static func resolve(reference: UnsafeBufferPointer<UInt8>, base: UnsafeBufferPointer<UInt8>)
        -> ByteOutcome
    {
        guard isByteReadable(reference), isByteReadable(base) else { return .needsCharacters }
        let baseParts = split(base)
        var parts = split(reference)
        // An unbalanced bracket in the authority is an unusable IPv6 literal: no URL at all.
        if hasUnbalancedBracket(baseParts.netloc) || hasUnbalancedBracket(parts.netloc) { return .text("") }
        let hasOwnScheme = parts.scheme != nil
        if parts.scheme == nil { parts.scheme = baseParts.scheme }
        guard isSameScheme(parts.scheme, baseParts.scheme) else { return .reference }
        let kind = schemeKind(parts.scheme)
        guard kind.isRelative else { return .reference }
        if kind.hasNetloc {
            if let netloc = parts.netloc, !netloc.isEmpty {
                // Written back, the parts are the reference itself unless its scheme had capitals or it
                // ends its query or fragment empty (`?` or `#` with nothing after is dropped).
                if hasOwnScheme, !hasCapital(parts.scheme!), !(parts.query?.isEmpty ?? false),
                    !(parts.fragment?.isEmpty ?? false)
                {
                    return .reference
                }
                return .text(text(parts, path: parts.path.buffer))
            }
            parts.netloc = baseParts.netloc
        }
        if parts.path.isEmpty {
            parts.path = baseParts.path
            if parts.query?.isEmpty ?? true { parts.query = baseParts.query }
            return .text(text(parts, path: parts.path.buffer))
        }
        var baseSegments = segments(baseParts.path)
        if !baseSegments[baseSegments.count - 1].isEmpty { baseSegments.removeLast() }
        var segments: [Piece]
        if parts.path.bytes[parts.path.range.lowerBound] == UInt8(ascii: "/") {
            segments = Self.segments(parts.path)
        } else {
            segments = baseSegments + Self.segments(parts.path)
            if segments.count > 2 {
                let middle = segments[1..<(segments.count - 1)].filter { !$0.isEmpty }
                segments = [segments[0]] + middle + [segments[segments.count - 1]]
            }
        }
        var resolved: [Piece] = []
        resolved.reserveCapacity(segments.count + 1)
        for segment in segments {
            if segment.equals("..") {
                if resolved.count > 1 { resolved.removeLast() }
            } else if !segment.equals(".") {
                resolved.append(segment)
            }
        }
        var joined: [UInt8] = []
        for (index, segment) in resolved.enumerated() {
            if index > 0 { joined.append(UInt8(ascii: "/")) }
            joined.append(contentsOf: segment.buffer)
        }
        if let last = segments.last, last.equals(".") || last.equals("..") {
            // An empty last segment: the joined path ends with a slash.
            if !resolved.isEmpty { joined.append(UInt8(ascii: "/")) }
        }
        if joined.isEmpty { joined.append(UInt8(ascii: "/")) }
        return .text(joined.withUnsafeBufferPointer { text(parts, path: $0) })
    }

    /// Whether every delimiter byte (`:/?#[]`) has ASCII bytes on both sides, so that it is a Character
    /// of its own: a delimiter joined to a combining mark (after it) or a prepended scalar (before it) is
    /// part of a larger Character, which the Character reading does not take for the delimiter.
    private static func isByteReadable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            index += 8
        }
        while index < count, bytes[index] < 0x80 { index += 1 }
        if index == count { return true }
        for index in 0..<count where isDelimiter(bytes[index]) {
            if index > 0 && bytes[index - 1] >= 0x80 { return false }
            if index + 1 < count && bytes[index + 1] >= 0x80 { return false }
        }
        return true
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteParts {
        var start = 0
        var end = bytes.count
        var scheme: Piece? = nil
        if let colon = firstIndex(bytes, 0..<end, where: { $0 == UInt8(ascii: ":") }), colon > 0,
            isASCIILetter(bytes[0]), (0..<colon).allSatisfy({ isSchemeByte(bytes[$0]) })
        {
            scheme = Piece(bytes: bytes, range: 0..<colon)
            start = colon + 1
        }
        var netloc: Piece? = nil
        if end - start >= 2, bytes[start] == UInt8(ascii: "/"), bytes[start + 1] == UInt8(ascii: "/") {
            start += 2
            let netlocEnd =
                firstIndex(
                    bytes, start..<end,
                    where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
                ?? end
            netloc = Piece(bytes: bytes, range: start..<netlocEnd)
            start = netlocEnd
        }
        var fragment: Piece? = nil
        if let hash = firstIndex(bytes, start..<end, where: { $0 == UInt8(ascii: "#") }) {
            fragment = Piece(bytes: bytes, range: (hash + 1)..<end)
            end = hash
        }
        var query: Piece? = nil
        if let question = firstIndex(bytes, start..<end, where: { $0 == UInt8(ascii: "?") }) {
            query = Piece(bytes: bytes, range: (question + 1)..<end)
            end = question
        }
        return ByteParts(
            scheme: scheme, netloc: netloc, path: Piece(bytes: bytes, range: start..<end), query: query,
            fragment: fragment)
    }

    /// The parts written back as a URL, with `path` for the path.
    private static func text(_ parts: ByteParts, path: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(
            (parts.scheme?.range.count ?? 0) + (parts.netloc?.range.count ?? 0) + path.count
                + (parts.query?.range.count ?? 0) + (parts.fragment?.range.count ?? 0) + 6)
        let hasNetloc = !(parts.netloc?.isEmpty ?? true)
        let startsWithSlash = hasCharacterPrefix(path, "/")
        let startsWithTwoSlashes = hasCharacterPrefix(path, "//")
        if let scheme = parts.scheme {
            for byte in scheme.buffer { output.append(lowercased(byte)) }
            output.append(UInt8(ascii: ":"))
        }
        if hasNetloc || (parts.scheme != nil && schemeKind(parts.scheme).hasNetloc && !startsWithTwoSlashes) {
            output.append(UInt8(ascii: "/"))
            output.append(UInt8(ascii: "/"))
            if let netloc = parts.netloc { output.append(contentsOf: netloc.buffer) }
            if !path.isEmpty && !startsWithSlash { output.append(UInt8(ascii: "/")) }
        }
        output.append(contentsOf: path)
        if let query = parts.query, !query.isEmpty {
            output.append(UInt8(ascii: "?"))
            output.append(contentsOf: query.buffer)
        }
        if let fragment = parts.fragment, !fragment.isEmpty {
            output.append(UInt8(ascii: "#"))
            output.append(contentsOf: fragment.buffer)
        }
        return output.withUnsafeBufferPointer { FastUTF8.string($0) }
    }

    /// Whether `path` starts with the Characters of `prefix` (slashes). A joined path may put a slash
    /// before a combining mark of the reference (`/` + U+0301 is one Character, not a slash), so when a
    /// non-ASCII byte follows, the String answers.
    private static func hasCharacterPrefix(_ path: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard path.count >= count else { return false }
        for offset in 0..<count where path[offset] != prefix.utf8Start[offset] { return false }
        if path.count > count && path[count] >= 0x80 {
            return String(decoding: path, as: UTF8.self).hasPrefix(
                String(decoding: UnsafeBufferPointer(start: prefix.utf8Start, count: count), as: UTF8.self))
        }
        return true
    }

    /// The path split at every `/`, empty segments kept (`""` is one empty segment).
    private static func segments(_ path: Piece) -> [Piece] {
        var result: [Piece] = []
        var start = path.range.lowerBound
        for index in path.range where path.bytes[index] == UInt8(ascii: "/") {
            result.append(Piece(bytes: path.bytes, range: start..<index))
            start = index + 1
        }
        result.append(Piece(bytes: path.bytes, range: start..<path.range.upperBound))
        return result
    }

    /// Whether the schemes are the same, ignoring case; no scheme equals only no scheme.
    private static func isSameScheme(_ left: Piece?, _ right: Piece?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        guard left.range.count == right.range.count else { return false }
        for offset in 0..<left.range.count
        where lowercased(left.bytes[left.range.lowerBound + offset])
            != lowercased(right.bytes[right.range.lowerBound + offset])
        {
            return false
        }
        return true
    }

    /// Whether references may be relative under the scheme, and whether it has an authority part
    /// (`relativeSchemes`, `netlocSchemes`; no scheme is in both).
    private static func schemeKind(_ scheme: Piece?) -> (isRelative: Bool, hasNetloc: Bool) {
        guard let scheme else { return (relativeSchemes.contains(""), netlocSchemes.contains("")) }
        let count = scheme.range.count
        if count == 4 || count == 5 {
            let bytes = scheme.buffer
            if lowercased(bytes[0]) == UInt8(ascii: "h"), lowercased(bytes[1]) == UInt8(ascii: "t"),
                lowercased(bytes[2]) == UInt8(ascii: "t"), lowercased(bytes[3]) == UInt8(ascii: "p"),
                count == 4 || lowercased(bytes[4]) == UInt8(ascii: "s")
            {
                return (true, true)
            }
        }
        let name = String(unsafeUninitializedCapacity: count) { output in
            for (offset, byte) in scheme.buffer.enumerated() { output[offset] = lowercased(byte) }
            return count
        }
        return (relativeSchemes.contains(name), netlocSchemes.contains(name))
    }

    private static func hasCapital(_ piece: Piece) -> Bool {
        piece.buffer.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    private static func hasUnbalancedBracket(_ netloc: Piece?) -> Bool {
        guard let netloc else { return false }
        return netloc.buffer.contains(UInt8(ascii: "[")) != netloc.buffer.contains(UInt8(ascii: "]"))
    }

    private static func firstIndex(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, where predicate: (UInt8) -> Bool
    ) -> Int? {
        for index in range where predicate(bytes[index]) { return index }
        return nil
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
