/// One Character of a query as the lexer and parser read it.
///
/// Two kinds: `Character`, for any text, and `Unicode.Scalar`, for the usual text in which every
/// scalar is a Character of its own (`QueryUnit.singleScalarCharacters` checks). The scalar kind
/// gives the same answers without grapheme breaking or String comparisons, which made compiling the
/// default topics' 25 KB of queries take ~25 ms; offsets stay counts of Characters either way.
protocol QueryUnit: Hashable, Sendable {
    /// Whether this Character is the single scalar `scalar` (what `character == "("` asks).
    func isScalar(_ scalar: Unicode.Scalar) -> Bool
    /// `Character.isWhitespace`.
    var isWhitespace: Bool { get }
    /// The units as a String.
    static func string(_ units: ArraySlice<Self>) -> String
}

extension QueryUnit {
    /// Whether this Character opens or closes a quoted phrase (straight or typographic quotes).
    var isQuote: Bool {
        isScalar("\"") || isScalar("\u{201C}") || isScalar("\u{201D}") || isScalar("\u{201E}")
    }

    /// Whether this Character ends a bare word (`^` starts a boost: `asylum^2`).
    var endsWord: Bool { isWhitespace || isScalar("(") || isScalar(")") || isQuote || isScalar("^") }
}

extension Character: QueryUnit {
    func isScalar(_ scalar: Unicode.Scalar) -> Bool { self == Character(scalar) }

    static func string(_ units: ArraySlice<Character>) -> String { String(units) }
}

extension Unicode.Scalar: QueryUnit {
    func isScalar(_ scalar: Unicode.Scalar) -> Bool { self == scalar }

    /// `Character.isWhitespace` of a one-scalar Character (it asks its first scalar), ASCII without a
    /// property lookup.
    var isWhitespace: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }

    /// Encoded straight into the String's storage (appending to a `UnicodeScalarView` one scalar
    /// at a time cost as much as the rest of the parse).
    static func string(_ units: ArraySlice<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: units.count * 4) { buffer in
            var count = 0
            for scalar in units {
                if scalar.isASCII {
                    buffer[count] = UInt8(truncatingIfNeeded: scalar.value)
                    count += 1
                } else {
                    for byte in UTF8.encode(scalar)! {
                        buffer[count] = byte
                        count += 1
                    }
                }
            }
            return count
        }
    }

    /// Whether this scalar is a Character of its own in any text made only of such scalars: below
    /// U+0300 (where no scalar extends or joins another) other than CR (CR LF is one Character), Latin
    /// Extended Additional, and the general punctuation of typographic quotes and dashes. Combining
    /// marks, joiners, Hangul jamo and regional indicators are all outside these ranges.
    var standsAlone: Bool {
        value < 0x300
            ? value != 0x0D : (0x1E00...0x1EFF).contains(value) || (0x2010...0x2027).contains(value)
                || (0x2030...0x205E).contains(value)
    }

    /// The query's scalars when each is one Character (see `standsAlone`), else nil.
    static func singleScalarCharacters(_ text: String) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard scalar.standsAlone else { return nil }
            scalars.append(scalar)
        }
        return scalars
    }
}
