/// Why a document could not be read as a feed; `description` is one line naming the problem.
public struct FeedParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure.
    public enum Kind: Sendable, Equatable {
        /// The document is empty, not XML or JSON, or not a feed format.
        case notAFeed
        /// The document exceeds the input size limit.
        case tooLarge
        /// A hostile-input limit (depth, attributes, time) stopped the parse.
        case limitExceeded
        /// The XML could not be recovered.
        case malformed
    }

    /// The kind of failure.
    public var kind: Kind
    /// One line naming the problem.
    public var description: String

    /// Creates an error.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
