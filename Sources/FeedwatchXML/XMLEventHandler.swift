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

/// An element or attribute name, namespace-resolved.
public struct XMLName: Sendable, Hashable {
    /// The local part of the name, as written.
    public var localName: String
    /// The prefix as written, nil when unprefixed.
    public var prefix: String?
    /// The namespace URI the name is in, nil when in no namespace.
    public var namespaceURI: String?
}

/// A start tag as the streaming parser reports it: a view of libxml2's own arrays, valid only during
/// the `startElement` call that receives it (do not store it).
///
/// Nothing is converted until asked for, because most start tags need only their name's identifier
/// and one or two attribute values: names come from per-parse tables built once per distinct name,
/// and an attribute value becomes a String only when read.
public struct XMLStartTag {
    // Unowned: the session outlives every call it makes to the handler.
    unowned(unsafe) let session: SAXSession
    /// libxml2's attribute array: five pointers per attribute (local name, prefix, URI, value start, value end).
    let attributeFields: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    /// libxml2's namespace array: two pointers per declaration (prefix, URI).
    let namespaceFields: UnsafeMutablePointer<UnsafePointer<UInt8>?>?

    /// A small number that is the same for every start tag with this name, prefix and namespace
    /// within one parse (0, 1, 2... in order of first appearance), for cheap per-name caches.
    public let nameIdentifier: Int
    /// How many attributes the tag has (namespace declarations not counted).
    public let attributeCount: Int
    /// How many namespace declarations the tag has.
    public let namespaceCount: Int

    /// The element's name.
    public var name: XMLName { session.elementNames[nameIdentifier] }

    /// A small number naming the attribute at `index`'s name, prefix and namespace within one parse,
    /// like `nameIdentifier` (attribute and element identifiers are counted apart).
    public func attributeIdentifier(at index: Int) -> Int {
        let base = 5 * index
        return session.attributeIdentifier(
            localName: attributeFields![base], prefix: attributeFields![base + 1], uri: attributeFields![base + 2])
    }

    /// The name of the attribute whose identifier is `identifier`.
    public func attributeName(identifier: Int) -> XMLName { session.attributeNames[identifier] }

    /// The value of the attribute at `index`, references decoded.
    public func attributeValue(at index: Int) -> String {
        let base = 5 * index
        guard let start = attributeFields![base + 3], let end = attributeFields![base + 4], end >= start else { return "" }
        return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
    }

    /// The namespace declaration at `index`, in document order.
    public func namespaceDeclaration(at index: Int) -> XMLNamespaceDeclaration {
        XMLNamespaceDeclaration(
            prefix: session.name(namespaceFields![2 * index]), uri: session.name(namespaceFields![2 * index + 1]) ?? "")
    }
}

/// Receives the events of a streaming parse, in document order.
public protocol XMLEventHandler: AnyObject {
    /// An element starts; `tag` is valid only during this call.
    func startElement(_ tag: XMLStartTag)
    /// The innermost open element ends.
    func endElement()
    /// Character data (text or CDATA) of the innermost open element, UTF-8 encoded.
    func characters(_ bytes: UnsafeRawBufferPointer)
}
