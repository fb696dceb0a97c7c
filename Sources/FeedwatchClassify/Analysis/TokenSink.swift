/// Receives the words `TextAnalyzer.scan` finds, folded, without a `String` made for each.
protocol TokenSink {
    /// One word: its folded UTF-8 bytes (valid only during the call), position and source range.
    mutating func token(
        _ folded: UnsafeBufferPointer<UInt8>, position: Int32, start: Int32, end: Int32, isJoinedForm: Bool)
}
