import FeedwatchModel
/// Why an email could not be composed; each case names the offending input.
public enum EmailError: Error, Hashable, CustomStringConvertible {
    /// An address is not `local@domain` (or `Name <local@domain>`) without spaces or control characters.
    case invalidAddress(String)
    /// A header name is not printable ASCII without a colon.
    case invalidHeaderName(String)
    /// A message needs at least one recipient.
    case noRecipients

    /// A one-line message naming the input.
    public var description: String {
        switch self {
        case .invalidAddress(let text): "invalid email address '\(FeedText.singleLine(text))'"
        case .invalidHeaderName(let name): "invalid header name '\(FeedText.singleLine(name))'"
        case .noRecipients: "an email needs at least one recipient"
        }
    }
}
