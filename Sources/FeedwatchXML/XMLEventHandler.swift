// FeedwatchXML: the only Swift code that touches libxml2.
//
// Inputs: the bytes of an XML document (plus an optional encoding the caller vouches for), and a
// handler. Outputs: a stream of start-tag, text and end-tag events in document order, and the
// parser's error messages. Invariants: no network or file access, no DTD loading, no entity
// expansion beyond the five predefined entities, HTML 4 entity names (which real feeds use without a
// DTD) and short literal entities the document declares itself; depth, attribute count and time are
// bounded. No C type appears in a public signature.

/// A namespace declaration (`xmlns` or `xmlns:prefix`) on a start tag.
public struct XMLNamespaceDeclaration: Sendable {
    /// The declared prefix; nil for the default namespace.
    public var prefix: String?
    /// The namespace URI as written.
    public var uri: String
}

/// One attribute of a start tag, namespace-resolved.
public struct XMLAttribute: Sendable {
    /// The local part of the attribute name, as written.
    public var localName: String
    /// The prefix as written, nil when unprefixed.
    public var prefix: String?
    /// The namespace URI the prefix is bound to, nil when unprefixed.
    public var namespaceURI: String?
    /// The attribute value with references decoded.
    public var value: String
}

/// A start tag as the streaming parser reports it.
public struct XMLStartTag: Sendable {
    /// The local part of the element name, as written.
    public var localName: String
    /// The prefix as written, nil when unprefixed.
    public var prefix: String?
    /// The namespace URI the element is in, nil when in no namespace.
    public var namespaceURI: String?
    /// The namespace declarations on this tag, in document order.
    public var namespaces: [XMLNamespaceDeclaration]
    /// The attributes, in document order.
    public var attributes: [XMLAttribute]
    /// A small number that is the same for every start tag with this name, prefix and namespace
    /// within one parse (0, 1, 2... in order of first appearance), for cheap per-name caches.
    public var nameIdentifier: Int
}

/// Receives the events of a streaming parse, in document order.
public protocol XMLEventHandler: AnyObject {
    /// An element starts.
    func startElement(_ tag: XMLStartTag)
    /// The innermost open element ends.
    func endElement()
    /// Character data (text or CDATA) of the innermost open element, UTF-8 encoded.
    func characters(_ bytes: UnsafeRawBufferPointer)
}
