import FeedwatchModel

/// The mailing-list headers of feedwatch's email: List-Id (RFC 2919), so clients can filter each topic
/// and the digest, and List-Unsubscribe (RFC 2369), when the user configured where to unsubscribe.
///
/// Both values are built only from checked ASCII: a URI that could break out of its angle brackets or
/// the header (CR, LF, Unicode line breaks, `<`, `>`, `,`, spaces) is dropped, never written.
public struct ListHeaders: Sendable, Hashable {
    /// The List-Id namespace (`alerts.example.org`); nil means `feedwatch.` and the sender's domain.
    public var namespace: String?
    /// `mailto:` and `https://` URIs for List-Unsubscribe, in order.
    public var unsubscribe: [String]

    /// Creates list headers.
    public init(namespace: String? = nil, unsubscribe: [String] = []) {
        self.namespace = namespace
        self.unsubscribe = unsubscribe
    }

    /// The List-Id and (when configured) List-Unsubscribe fields for the list `label` (a topic slug,
    /// `alerts` or `digest`), described as `description`.
    func fields(label: String, description: String, senderDomain: String) throws(EmailError) -> [EmailHeader] {
        let space = namespace.flatMap(Self.checkedNamespace) ?? "feedwatch.\(MessageIdentity.safeDomain(senderDomain))"
        var fields = [try EmailHeader("List-Id", "\(description) <\(label).\(space)>", isStructured: true)]
        let uris = unsubscribe.compactMap(Self.checkedURI)
        if !uris.isEmpty {
            fields.append(try EmailHeader("List-Unsubscribe", uris.map { "<\($0)>" }.joined(separator: ", "), isStructured: true))
        }
        return fields
    }

    /// The URI when it is a `mailto:` or `https://` URI of printable ASCII that cannot leave its brackets.
    static func checkedURI(_ uri: String) -> String? {
        guard !uri.isEmpty, uri.count <= 500, uri.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
            !uri.contains(where: { "<>,\"\\".contains($0) })
        else { return nil }
        let lowered = uri.lowercased()
        guard lowered.hasPrefix("mailto:") || lowered.hasPrefix("https://") else { return nil }
        return uri
    }

    /// The namespace, lowercased, when it is dot-separated DNS labels.
    static func checkedNamespace(_ text: String) -> String? {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.count <= 190,
            labels.allSatisfy({ label in
                (1...63).contains(label.count)
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            })
        else { return nil }
        return text.lowercased()
    }
}
