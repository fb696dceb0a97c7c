import CLibXML2
import Synchronization

/// Streams an XML document through libxml2's SAX2 interface, hardened for documents from strangers.
///
/// The parser never builds a tree. It runs with `XML_PARSE_NONET` and without `XML_PARSE_NOENT`,
/// `XML_PARSE_DTDLOAD` or `XML_PARSE_HUGE`, and it replaces libxml2's entity handling: a
/// declared entity is kept only when its replacement text is short and holds no markup or
/// reference, so billion-laughs and quadratic-blowup documents (which libxml2 2.9.14 does not stop
/// by itself) expand to nothing. Malformed documents are recovered (`XML_PARSE_RECOVER`) and their
/// errors reported in the outcome.
public enum XMLStreamParser {
    /// Parses `bytes`, sending events to `handler`; returns the errors and any limit that stopped it.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, options: XMLParseOptions, handler: any XMLEventHandler
    ) -> XMLParseOutcome {
        XMLLibrary.initializeOnce()
        if let count = AttributeCountScan.largestAttributeCount(in: bytes, limit: options.maxAttributesPerElement) {
            var outcome = XMLParseOutcome()
            outcome.stopReason = .tooManyAttributes(count)
            return outcome
        }
        guard let base = bytes.baseAddress, bytes.count > 0, bytes.count <= Int(Int32.max) else {
            var outcome = XMLParseOutcome()
            outcome.hadFatalError = true
            outcome.errorCount = 1
            outcome.errors = ["empty document"]
            return outcome
        }
        let session = SAXSession(handler: handler, options: options)
        defer { session.releaseDeclaredEntities() }
        guard
            let context = xmlCreateMemoryParserCtxt(
                base.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        else {
            var outcome = XMLParseOutcome()
            outcome.hadFatalError = true
            outcome.errors = ["libxml2 could not create a parser"]
            return outcome
        }
        defer { xmlFreeParserCtxt(context) }
        // The context owns its SAX handler block; overwrite it with ours (no tree-building defaults).
        let handlerBlock = SAXSession.makeHandlerBlock()
        context.pointee.sax.pointee = handlerBlock
        // Retained by the `withExtendedLifetime` below for the whole parse; libxml2 only borrows it.
        context.pointee.userData = Unmanaged.passUnretained(session).toOpaque()
        // Errors reach our structured handler only, so the NOERROR/NOWARNING printers are not needed.
        var parseOptions = Int32(XML_PARSE_RECOVER.rawValue) | Int32(XML_PARSE_NONET.rawValue)
        if options.encoding != nil { parseOptions |= Int32(XML_PARSE_IGNORE_ENC.rawValue) }
        xmlCtxtUseOptions(context, parseOptions)
        // xmlCtxtUseOptions resets the SAX fields it owns; keep our CDATA handler.
        context.pointee.sax.pointee.cdataBlock = handlerBlock.cdataBlock
        // Every entity getEntity can return is literal text, so substituting is safe; it makes libxml2
        // decode `&amp;` in attribute values instead of keeping `&#38;`.
        context.pointee.replaceEntities = 1
        context.pointee.loadsubset = 0
        context.pointee.validate = 0
        // Errors raised without a parser context (encoding conversion) would go to stderr through
        // libxml2's thread-local default handler; route them to the session too.
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(session).toOpaque()) { context, error in
            guard let context, let error else { return }
            SAXSession.session(context).record(error)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        if let encoding = options.encoding, encoding.lowercased() != "utf-8",
            let handlerForEncoding = xmlFindCharEncodingHandler(encoding)
        {
            xmlSwitchToEncoding(context, handlerForEncoding)
        }
        session.context = context
        withExtendedLifetime(session) {
            _ = xmlParseDocument(context)
        }
        session.context = nil
        return session.outcome
    }
}

/// Process-wide libxml2 set-up, done once before the first parse.
enum XMLLibrary {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Initializes libxml2's global tables (thread-safe, idempotent).
    static func initializeOnce() {
        _ = initialized
    }
}
