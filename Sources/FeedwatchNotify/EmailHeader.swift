import FeedwatchModel
/// One additional header field.
public struct EmailHeader: Sendable, Hashable {
    /// The field name (printable ASCII, no colon, no space).
    public var name: String
    /// The value; unstructured text is RFC 2047-encoded as needed.
    public var value: String
    /// True when the value is structured ASCII (addresses, URIs in angle brackets) and must not be encoded.
    public var isStructured: Bool

    /// Creates a header field, checking its name.
    public init(_ name: String, _ value: String, isStructured: Bool = false) throws(EmailError) {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != ":" }) else {
            throw .invalidHeaderName(name)
        }
        self.name = name
        self.value = value
        self.isStructured = isStructured
    }

    func rendered() -> String {
        // A structured value that is not plain ASCII cannot be written as is; it is encoded instead.
        isStructured && MIMEHeader.isPlainASCII(FeedText.singleLine(value))
            ? MIMEHeader.structured(name, value) : MIMEHeader.unstructured(name, value)
    }
}
