/// A topic query that cannot be parsed: where, and what was expected there.
public struct QuerySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 0-based index in Characters (grapheme clusters) into the query string.
    public var offset: Int
    /// What was found and what was expected, e.g. "expected ')' to close '(' at 3, found end of query".
    public var message: String

    /// Creates a syntax error at a Character offset.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "at OFFSET: MESSAGE".
    public var description: String { "at \(offset): \(message)" }
}
