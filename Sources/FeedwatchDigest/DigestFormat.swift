/// The renderings a digest has.
public enum DigestFormat: String, Sendable, Hashable, CaseIterable {
    /// Plain text for the terminal and the text part of an email.
    case text
    /// Markdown (CommonMark).
    case markdown
    /// A self-contained HTML document (inline CSS, table layout) for the HTML part of an email.
    case html

    /// The format named `text`, `markdown` (or `md`) or `html`; throws `DigestError.unknownFormat`.
    public init(named name: String) throws(DigestError) {
        switch name.lowercased() {
        case "text", "txt": self = .text
        case "markdown", "md": self = .markdown
        case "html": self = .html
        default: throw .unknownFormat(name)
        }
    }

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .markdown: "md"
        case .html: "html"
        }
    }
}
