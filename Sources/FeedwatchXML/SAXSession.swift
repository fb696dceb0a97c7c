import CLibXML2

/// The state of one SAX2 parse: the handler, interned names, limits and collected errors.
///
/// libxml2 calls back through C function pointers with `userData` set to an unretained pointer
/// to this object; `XMLStreamParser.parse` keeps it alive for the whole parse.
final class SAXSession {
    let handler: any XMLEventHandler
    let options: XMLParseOptions
    @exclusivity(unchecked)
    var outcome = XMLParseOutcome()
    @exclusivity(unchecked)
    var context: xmlParserCtxtPtr?
    @exclusivity(unchecked)
    private var depth = 0
    @exclusivity(unchecked)
    private var eventsSinceClockCheck = 0
    private let deadline: ContinuousClock.Instant
    // libxml2 interns element and attribute names in its dictionary, so a pointer names one string
    // for the whole parse: converting each once keeps name handling off the per-element path.
    @exclusivity(unchecked)
    private var internedNames: [UnsafeRawPointer: String] = [:]
    @exclusivity(unchecked)
    private var nameIdentifiers: [NameTriple: Int] = [:]
    @exclusivity(unchecked)
    private(set) var elementNames: [XMLName] = []
    @exclusivity(unchecked)
    private var attributeIdentifiers: [NameTriple: Int] = [:]
    @exclusivity(unchecked)
    private(set) var attributeNames: [XMLName] = []

    /// The interned pointers of an element's local name, prefix and namespace.
    private struct NameTriple: Hashable {
        var localName: UnsafeRawPointer?
        var prefix: UnsafeRawPointer?
        var uri: UnsafeRawPointer?

        /// A slot in a direct-mapped cache of `slotCount` entries (a power of two).
        func slot(_ slotCount: Int) -> Int {
            (Int(bitPattern: localName) >> 3 ^ Int(bitPattern: uri) >> 5) & (slotCount - 1)
        }

        /// `==` written out: the derived one was an out-of-line call on every start tag.
        @inline(__always)
        func isSame(as other: NameTriple) -> Bool {
            localName == other.localName && prefix == other.prefix && uri == other.uri
        }
    }

    // Direct-mapped caches in front of the identifier dictionaries: a document repeats a few dozen
    // names, so most start tags find theirs with three pointer compares instead of hashing.
    private static let cacheSlots = 64
    @exclusivity(unchecked)
    private var recentElementNames = [(NameTriple, Int)](
        repeating: (NameTriple(localName: nil, prefix: nil, uri: nil), -1), count: SAXSession.cacheSlots)
    @exclusivity(unchecked)
    private var recentAttributeNames = [(NameTriple, Int)](
        repeating: (NameTriple(localName: nil, prefix: nil, uri: nil), -1), count: SAXSession.cacheSlots)

    private var declaredEntities: [String: UnsafeMutablePointer<xmlEntity>] = [:]
    /// Twins of `declaredEntities` for attribute values, made when first referenced there.
    private var declaredAttributeValueEntities: [String: UnsafeMutablePointer<xmlEntity>] = [:]
    // Bytes produced by expanding declared entities; bounded so that many references to a long
    // entity (quadratic blowup) stop early instead of streaming gigabytes.
    private var expandedEntityBytes = 0
    private let maxExpandedEntityBytes: Int

    /// The longest replacement text kept for an entity the document declares.
    static let maxDeclaredEntityLength = 1024
    /// The most entity declarations kept per document.
    static let maxDeclaredEntities = 64

    init(handler: any XMLEventHandler, options: XMLParseOptions) {
        self.handler = handler
        self.options = options
        self.deadline = ContinuousClock.now.advanced(by: options.maxDuration)
        self.maxExpandedEntityBytes = options.maxExpandedEntityBytes
        // Room for a feed's usual few dozen names at once: grown from empty, each table was
        // rehashed three or four times per document.
        internedNames.reserveCapacity(48)
        nameIdentifiers.reserveCapacity(32)
        elementNames.reserveCapacity(32)
    }

    static func session(_ pointer: UnsafeMutableRawPointer?) -> SAXSession {
        Unmanaged<SAXSession>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// Runs `body` with the session behind `pointer`, without retaining and releasing it around the
    /// call: `XMLStreamParser.parse` keeps the session alive for the whole parse, and the element
    /// and text callbacks are the per-event path.
    @inline(__always)
    static func withSession<Result>(_ pointer: UnsafeMutableRawPointer?, _ body: (SAXSession) -> Result) -> Result {
        Unmanaged<SAXSession>.fromOpaque(pointer!)._withUnsafeGuaranteedRef(body)
    }

    func name(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        let key = UnsafeRawPointer(pointer)
        if let known = internedNames[key] { return known }
        let value = String(cString: pointer)
        internedNames[key] = value
        return value
    }

    func stop(_ reason: XMLStopReason) {
        if outcome.stopReason == nil { outcome.stopReason = reason }
        if let context { xmlStopParser(context) }
    }

    @inline(__always)
    private func checkClock() {
        eventsSinceClockCheck += 1
        if eventsSinceClockCheck >= 1024 {
            eventsSinceClockCheck = 0
            if ContinuousClock.now > deadline { stop(.timeLimit(options.maxDuration)) }
        }
    }

    func startElement(
        localName: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        namespaceCount: Int, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        if outcome.stopReason != nil { return }
        depth += 1
        if depth > options.maxDepth {
            stop(.tooDeep(depth))
            return
        }
        checkClock()
        let triple = NameTriple(
            localName: localName.map(UnsafeRawPointer.init), prefix: prefix.map(UnsafeRawPointer.init),
            uri: uri.map(UnsafeRawPointer.init))
        let slot = triple.slot(Self.cacheSlots)
        let identifier: Int
        if recentElementNames[slot].0.isSame(as: triple) && recentElementNames[slot].1 >= 0 {
            identifier = recentElementNames[slot].1
        } else if let known = nameIdentifiers[triple] {
            identifier = known
            recentElementNames[slot] = (triple, known)
        } else {
            identifier = elementNames.count
            nameIdentifiers[triple] = identifier
            elementNames.append(XMLName(localName: name(localName) ?? "", prefix: name(prefix), namespaceURI: name(uri)))
            recentElementNames[slot] = (triple, identifier)
        }
        handler.startElement(
            XMLStartTag(
                session: self, attributeFields: attributeCount > 0 ? attributes : nil,
                namespaceFields: namespaceCount > 0 ? namespaces : nil, nameIdentifier: identifier,
                attributeCount: attributes == nil ? 0 : attributeCount, namespaceCount: namespaces == nil ? 0 : namespaceCount))
    }

    /// The identifier of an attribute name (interned pointers), assigned on first sight.
    func attributeIdentifier(
        localName: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?
    ) -> Int {
        let triple = NameTriple(
            localName: localName.map(UnsafeRawPointer.init), prefix: prefix.map(UnsafeRawPointer.init),
            uri: uri.map(UnsafeRawPointer.init))
        let slot = triple.slot(Self.cacheSlots)
        if recentAttributeNames[slot].0.isSame(as: triple) && recentAttributeNames[slot].1 >= 0 { return recentAttributeNames[slot].1 }
        if let known = attributeIdentifiers[triple] {
            recentAttributeNames[slot] = (triple, known)
            return known
        }
        let identifier = attributeNames.count
        attributeIdentifiers[triple] = identifier
        attributeNames.append(XMLName(localName: name(localName) ?? "", prefix: name(prefix), namespaceURI: name(uri)))
        recentAttributeNames[slot] = (triple, identifier)
        return identifier
    }

    func endElement() {
        if outcome.stopReason != nil { return }
        depth -= 1
        handler.endElement()
    }

    func characters(_ bytes: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard outcome.stopReason == nil, let bytes, length > 0 else { return }
        checkClock()
        handler.characters(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
    }

    func record(_ error: UnsafePointer<xmlError>) {
        outcome.errorCount += 1
        if error.pointee.level == XML_ERR_FATAL { outcome.hadFatalError = true }
        if outcome.errors.count < 5 {
            var message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
            while let last = message.last, last.isNewline || last == " " { message.removeLast() }
            outcome.errors.append("line \(error.pointee.line): \(message)")
        }
        if outcome.errorCount > options.maxErrors { stop(.tooManyErrors(outcome.errorCount)) }
    }

    /// An entity for `name`: one the document declared safely, else an HTML 4 entity, else none.
    func entity(named pointer: UnsafePointer<xmlChar>?) -> xmlEntityPtr? {
        guard let pointer else { return nil }
        let entityName = String(cString: pointer)
        // libxml2 says where the reference is: attribute values need the other kind of record.
        let isInAttributeValue = context?.pointee.instate == XML_PARSER_ATTRIBUTE_VALUE
        if let declared = declaredEntities[entityName] {
            expandedEntityBytes += Int(declared.pointee.length)
            if expandedEntityBytes > maxExpandedEntityBytes {
                stop(.entityExpansion(expandedEntityBytes))
                return nil
            }
            guard isInAttributeValue else { return declared }
            if let twin = declaredAttributeValueEntities[entityName] { return twin }
            let length = Int(declared.pointee.length)
            let bytes = declared.pointee.content.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            let twin = LiteralEntity.make(name: entityName, bytes: bytes, isForAttributeValues: true)
            declaredAttributeValueEntities[entityName] = twin
            return twin
        }
        return HTMLEntityTable.entity(named: entityName, isInAttributeValue: isInAttributeValue)
    }

    /// Keeps a declared general entity only when it is short literal text; everything else is ignored.
    func declareEntity(name pointer: UnsafePointer<xmlChar>?, type: Int32, content: UnsafeMutablePointer<xmlChar>?) {
        guard let pointer, let content, type == Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue) else { return }
        let entityName = String(cString: pointer)
        guard declaredEntities[entityName] == nil, declaredEntities.count < Self.maxDeclaredEntities else { return }
        let length = Int(xmlStrlen(content))
        guard length <= Self.maxDeclaredEntityLength else { return }
        for index in 0..<length where content[index] == UInt8(ascii: "&") || content[index] == UInt8(ascii: "<") {
            return
        }
        declaredEntities[entityName] = LiteralEntity.make(name: entityName, bytes: Array(UnsafeBufferPointer(start: content, count: length)))
    }

    func releaseDeclaredEntities() {
        for entity in declaredEntities.values { LiteralEntity.free(entity) }
        declaredEntities.removeAll()
        for entity in declaredAttributeValueEntities.values { LiteralEntity.free(entity) }
        declaredAttributeValueEntities.removeAll()
    }

    /// The SAX2 callbacks; everything else (tree building, DTD loading, external entities) stays unset.
    static func makeHandlerBlock() -> xmlSAXHandler {
        var block = xmlSAXHandler()
        block.initialized = XML_SAX2_MAGIC
        block.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            SAXSession.withSession(context) {
                $0.startElement(
                    localName: localName, prefix: prefix, uri: uri, namespaceCount: Int(namespaceCount),
                    namespaces: namespaces, attributeCount: Int(attributeCount), attributes: attributes)
            }
        }
        block.endElementNs = { context, _, _, _ in SAXSession.withSession(context) { $0.endElement() } }
        block.characters = { context, bytes, length in SAXSession.withSession(context) { $0.characters(bytes, length) } }
        block.cdataBlock = { context, bytes, length in SAXSession.withSession(context) { $0.characters(bytes, length) } }
        block.getEntity = { context, name in SAXSession.session(context).entity(named: name) }
        block.entityDecl = { context, name, type, _, _, content in
            SAXSession.session(context).declareEntity(name: name, type: type, content: content)
        }
        block.serror = { context, error in
            guard let error else { return }
            SAXSession.session(context).record(error)
        }
        return block
    }
}
