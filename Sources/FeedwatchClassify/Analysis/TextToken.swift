/// One word of analysed text: its folded surface form, its position and where it sits in the source.
struct TextToken: Sendable, Hashable {
    /// The folded surface form: NFKC, case-folded, diacritics removed (`Migración` → `migracion`).
    var surface: String
    /// The word's ordinal in its field; the joined form of a compound shares its first part's position.
    var position: Int32
    /// UTF-8 offset of the word's first byte in the analysed text.
    var start: Int32
    /// UTF-8 offset just past the word's last byte in the analysed text.
    var end: Int32
    /// True for the joined form of a compound (`e-commerce` → `ecommerce`), emitted beside its parts.
    var isJoinedForm: Bool
}
