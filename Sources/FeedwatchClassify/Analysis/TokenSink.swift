/// Receives the words `TextAnalyzer.scan` finds, folded, without a `String` made for each.
protocol TokenSink {
    /// One word: its folded UTF-8 bytes (valid only during the call), position and source range.
    mutating func token(
        _ folded: UnsafeBufferPointer<UInt8>, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool)

    /// One word of a single part (not a compound's joined form) from the scanner's fast path, with its
    /// first eight folded bytes and its next eight, zero-padded, already gathered (so a sink that
    /// hashes words need not read the bytes again).
    mutating func word(
        _ folded: UnsafeBufferPointer<UInt8>, head: UInt64, tail: UInt64, position: Int32, start: Int32, end: Int32)
}

extension TokenSink {
    @inline(__always)
    mutating func word(
        _ folded: UnsafeBufferPointer<UInt8>, head: UInt64, tail: UInt64, position: Int32, start: Int32, end: Int32
    ) {
        token(folded, position: position, start: start, end: end, isJoinedForm: false)
    }
}
