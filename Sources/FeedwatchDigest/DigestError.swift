/// Why a digest request could not be understood.
public enum DigestError: Error, Hashable, CustomStringConvertible {
    /// The day is not a valid `YYYY-MM-DD` calendar date; carries the text given.
    case invalidDay(String)
    /// The format name is not one of text, markdown, html; carries the name given.
    case unknownFormat(String)

    /// A one-line message naming the offending input.
    public var description: String {
        switch self {
        case .invalidDay(let text): "invalid day '\(text)': expected a calendar date as YYYY-MM-DD"
        case .unknownFormat(let name): "unknown digest format '\(name)': expected text, markdown or html"
        }
    }
}
