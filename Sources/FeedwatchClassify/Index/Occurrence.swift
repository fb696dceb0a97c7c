/// Where a query term (or one of its words) occurred in an entry: a field and a run of positions.
struct Occurrence: Sendable, Hashable {
    /// The field (`QueryField.rawValue`).
    var field: UInt8
    /// Position of the first word.
    var firstPosition: Int32
    /// Position of the last word.
    var lastPosition: Int32
    /// UTF-8 offset of the first byte in the field's text.
    var start: Int32
    /// UTF-8 offset past the last byte in the field's text.
    var end: Int32
}
