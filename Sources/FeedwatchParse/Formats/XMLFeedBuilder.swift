import Foundation
import FeedwatchXML
import Synchronization

/// Turns the event stream of an RSS, RDF or Atom document into wire values.
///
/// The three XML families share most element names, and real feeds mix them (Atom links in RSS,
/// Dublin Core everywhere), so one state machine reads them all, the way the most tolerant feed
/// readers do: element names are mapped to standard prefixes by namespace URI, the text of each
/// field element is collected into its own byte buffer, and on its end tag the value is stored in
/// the current context (feed or entry) by the field tables below. Rules that decide which of several
/// elements wins (first title, last description, a deeper duplicate never overrides) live here.
final class XMLFeedBuilder: XMLEventHandler {
    /// feedparser-style version key (`rss20`, `rss10`, `atom10`, `atom03`, `rss`, `atom`...), "" when none.
    @exclusivity(unchecked)
    private(set) var versionKey = "" {
        didSet { isAtomVersion = versionKey.hasPrefix("atom") }
    }
    /// `versionKey` starts with `atom`: asked for every field, set once or twice per document.
    @exclusivity(unchecked)
    private var isAtomVersion = false
    @exclusivity(unchecked)
    private(set) var feed = WireContext()
    @exclusivity(unchecked)
    private(set) var entries: [WireContext] = []
    private(set) var warnings: [String] = []
    /// The channel's first valid RSS `<ttl>`, in minutes.
    private(set) var timeToLive: Int? = nil
    /// The channel's RSS `<skipHours>` hours, in document order without repeats.
    private(set) var skipHours: [Int] = []
    /// The channel's RSS `<skipDays>` day names, in document order without repeats.
    private(set) var skipDays: [String] = []

    private let maxFieldBytes: Int

    // Where we are.
    @exclusivity(unchecked)
    private var depth = 0
    @exclusivity(unchecked)
    private var isInFeed = false
    @exclusivity(unchecked)
    private var isInEntry = false
    @exclusivity(unchecked)
    private var isInSource = false
    @exclusivity(unchecked)
    private var isInImage = false
    @exclusivity(unchecked)
    private var isInTextInput = false
    private var isInAuthor = false
    private var isInContributor = false
    private var feedHasImage = false
    private var isInSkipHours = false
    private var isInSkipDays = false
    @exclusivity(unchecked)
    private var titleDepth = -1
    private var guidIsLink = false
    @exclusivity(unchecked)
    private var contentDepth = 0
    @exclusivity(unchecked)
    private var contentType: String? = nil
    /// What `contentType` is, sorted when it is set (see `setContentType`), so that the per-field
    /// and per-text-chunk paths ask an enum instead of comparing strings.
    @exclusivity(unchecked)
    private var contentKind = ContentKind.none
    /// Whether text is being collected as XHTML markup (its `&`, `<`, `>` escaped).
    private var isCollectingXHTML: Bool { contentKind == .xhtml }
    @exclusivity(unchecked)
    private var contentIsBase64 = false
    // xml:base and xml:lang in force, as indices into tables of the distinct values declared in
    // the document, and the value each open element pushed (in its `Frame`): an element that
    // declares nothing (nearly all of them) pushes an Int, not a String to retain and release.
    @exclusivity(unchecked)
    private var bases: [String]
    @exclusivity(unchecked)
    private var baseIndex = 0
    @exclusivity(unchecked)
    private var languages: [String] = []
    /// -1: no language.
    @exclusivity(unchecked)
    private var languageIndex = -1

    /// The base URL in force.
    private var base: String { bases[baseIndex] }
    @exclusivity(unchecked)
    private var frames: [Frame] = []
    @exclusivity(unchecked)
    private var captures: [Capture] = []
    /// The collected text of all open captures, outermost first. Only the innermost capture
    /// receives text and it is removed when its element ends, so its text is always the tail: one
    /// buffer that keeps its capacity serves every field, instead of an array grown per field.
    @exclusivity(unchecked)
    private var text = CollectedText()
    /// Where the innermost capture's text starts in `text`, -1 when nothing is being collected:
    /// the per-text-chunk path reads this Int instead of copying the capture (and its String).
    @exclusivity(unchecked)
    private var captureStart = -1
    private var truncatedFieldWarned = false
    @exclusivity(unchecked)
    private var elementInfos: [ElementName: ElementInfo] = [:]
    @exclusivity(unchecked)
    private var attributeRolesByIdentifier: [StartAttributes.NameRoles?] = []
    @exclusivity(unchecked)
    private var elementInfoByIdentifier: [ElementEntry?] = []
    /// Field codes of element keys that have no fixed code, for this document.
    private var unnamedFieldCodes = FieldCode.Unnamed()

    /// An element name's info and the field code of its key, for this document.
    private struct ElementEntry {
        /// Unowned: `elementInfos`, or for a name found there the process-wide `sharedElementInfos`
        /// (which never drops one), keeps every info of the document alive as long as the builder,
        /// and a start tag then reads its entry without a retain and a release.
        unowned(unsafe) let info: ElementInfo
        let keyField: FieldCode
    }

    /// What the builder needs to know about an element name, worked out once per document.
    /// A class, so that handing it out per start tag is one reference, not a copy of its fields.
    private final class ElementInfo: Sendable {
        let key: String
        /// The fixed field code of `key`, nil when it has none (then the document gives it one).
        let fixedField: FieldCode?
        let kind: ElementKind
        /// The start and end tags written back when the element is markup inside content.
        let openMarkup: [UInt8]
        let closeMarkup: [UInt8]
        let isDivision: Bool
        /// Unprefixed elements other than these end an open text-input or image block.
        let endsTextInput: Bool
        let endsImage: Bool

        init(
            key: String, kind: ElementKind, openMarkup: [UInt8], closeMarkup: [UInt8], isDivision: Bool,
            endsTextInput: Bool, endsImage: Bool
        ) {
            self.key = key
            self.fixedField = FieldCode.byName[key]
            self.kind = kind
            self.openMarkup = openMarkup
            self.closeMarkup = closeMarkup
            self.isDivision = isDivision
            self.endsTextInput = endsTextInput
            self.endsImage = endsImage
        }
    }

    private struct ElementName: Hashable {
        var namespaceURI: String?
        var prefix: String?
        var localName: String
    }

    /// Element infos worked out by earlier documents of the process: what an element name means does not
    /// depend on the document, and a pass parses thousands of small feeds that use the same twenty
    /// names (working them out again was a fixed cost of every document). Bounded, so that documents
    /// full of made-up names cannot grow it; beyond the bound each document works out its own.
    private static let sharedElementInfos = Mutex<[ElementName: ElementInfo]>([:])
    private static let sharedElementInfoLimit = 2048

    /// What an end tag must undo or store, and the xml:base and xml:lang its element put in force
    /// (indices into `bases` and `languages`): one stack for all three, one push and one pop per element.
    private struct Frame {
        var role: FrameRole
        var baseIndex: Int32
        var languageIndex: Int32
    }

    private enum FrameRole {
        case plain(ElementKind, FieldCode)
        case inlineMarkup(closeMarkup: [UInt8])
        case skippedDivision
    }

    /// The content types the builder tells apart without comparing strings.
    private enum ContentKind {
        /// No content type in force.
        case none
        /// `text/plain`.
        case plain
        /// `text/html`.
        case html
        /// `application/xhtml+xml`.
        case xhtml
        /// Any other type.
        case other

        init(_ type: String?) {
            switch type {
            case nil: self = .none
            case "text/plain": self = .plain
            case "text/html": self = .html
            case "application/xhtml+xml": self = .xhtml
            default: self = .other
            }
        }
    }

    /// Whether the content type in force (`xml` when none) ends in `xml`.
    private var contentTypeEndsInXML: Bool {
        switch contentKind {
        case .none, .xhtml: return true
        case .plain, .html: return false
        case .other: return contentType!.hasSuffix("xml")
        }
    }

    private func setContentType(_ type: String?, _ kind: ContentKind) {
        contentType = type
        contentKind = kind
    }

    private func setContentType(_ type: String?) {
        setContentType(type, ContentKind(type))
    }

    /// An element whose text is being collected: its text is `text[start...]`.
    private struct Capture {
        var field: FieldCode
        var expectsText: Bool
        var start: Int
    }

    init(baseURL: String?, maxFieldBytes: Int) {
        self.bases = [baseURL ?? ""]
        self.maxFieldBytes = maxFieldBytes
    }

    deinit {
        text.deallocate()
    }

    // MARK: events

    func startElement(_ tag: XMLStartTag) {
        depth += 1
        let entry = elementInfo(tag)
        let info = entry.info
        var attributes = StartAttributes(tag)
        for index in 0..<tag.attributeCount {
            attributes.noteAttribute()
            let roles = attributeRoles(tag, index)
            if let attributeKey = roles.key { attributes.set(attributeKey, attributeIndex: index) }
            if let qualifiedKey = roles.qualifiedKey { attributes.set(qualifiedKey, attributeIndex: index) }
        }
        // xml:base and xml:lang scope over the element and its children.
        let declaredBase = nonEmpty(attributes.xmlBase) ?? nonEmpty(attributes.base)
        if let declaredBase {
            bases.append(URLResolver.nestedBase(outer: base, value: declaredBase))
            baseIndex = bases.count - 1
        }
        var elementLanguage = languageIndex
        if let declaredLanguage = attributes.xmlLanguage ?? attributes.language {
            if declaredLanguage.isEmpty {
                elementLanguage = -1
            } else {
                languages.append(declaredLanguage)
                elementLanguage = languages.count - 1
            }
        }
        if elementLanguage >= 0, info.kind == .feed || info.kind == .rss {
            feed.language = languages[elementLanguage].replacingOccurrences(of: "_", with: "-")
        }
        languageIndex = elementLanguage
        let (frameBase, frameLanguage) = (Int32(baseIndex), Int32(elementLanguage))
        for index in 0..<tag.namespaceCount {
            let declaration = tag.namespaceDeclaration(at: index)
            trackNamespace(prefix: declaration.prefix, uri: declaration.uri)
        }

        // Markup inside a text construct is content, not feed structure.
        if contentDepth > 0 && !contentTypeEndsInXML {
            if info.isDivision {
                frames.append(Frame(role: .skippedDivision, baseIndex: frameBase, languageIndex: frameLanguage))
                return
            }
            setContentType("application/xhtml+xml", .xhtml)
        }
        if contentDepth > 0 && isCollectingXHTML {
            appendMarkup(info.openMarkup)
            frames.append(
                Frame(role: .inlineMarkup(closeMarkup: info.closeMarkup), baseIndex: frameBase, languageIndex: frameLanguage))
            return
        }
        frames.append(Frame(role: .plain(info.kind, entry.keyField), baseIndex: frameBase, languageIndex: frameLanguage))
        if info.endsTextInput { isInTextInput = false }
        if info.endsImage { isInImage = false }
        start(entry.keyField, info.kind, attributes)
    }

    func endElement() {
        guard let frame = frames.popLast() else { return }
        switch frame.role {
        case .skippedDivision:
            break
        case .inlineMarkup(let closeMarkup):
            appendMarkup(closeMarkup)
        case .plain(let kind, let keyField):
            end(keyField, kind)
        }
        if let outer = frames.last {
            if !bases[Int(outer.baseIndex)].isEmpty { baseIndex = Int(outer.baseIndex) }
            // The parent's language, even none (unlike the base, which an empty parent does not reset).
            languageIndex = Int(outer.languageIndex)
        }
        depth -= 1
    }

    func characters(_ bytes: UnsafeRawBufferPointer) {
        let start = captureStart
        guard start >= 0 else { return }
        if text.count - start + bytes.count > maxFieldBytes {
            if !truncatedFieldWarned {
                warnings.append("a field longer than \(maxFieldBytes) bytes was truncated")
                truncatedFieldWarned = true
            }
            // Keep what still fits (cut at a UTF-8 character boundary): libxml2 may hand over a huge
            // text node in one piece, and dropping the piece whole left the field empty, not truncated.
            var room = maxFieldBytes - (text.count - start)
            if room > 0 && !isCollectingXHTML {
                while room > 0 && room < bytes.count && bytes[room] & 0xC0 == 0x80 { room -= 1 }
                text.append(bytes.baseAddress, count: room)
            }
            return
        }
        if isCollectingXHTML {
            // Runs without `&`, `<` or `>` are copied whole; those three are escaped.
            let all = bytes.assumingMemoryBound(to: UInt8.self)
            var runStart = 0
            for index in 0..<all.count {
                let byte = all[index]
                guard byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") else { continue }
                text.append(UnsafeBufferPointer(rebasing: all[runStart..<index]))
                switch byte {
                case UInt8(ascii: "&"): text.append(Self.escapedAmpersand)
                case UInt8(ascii: "<"): text.append(Self.escapedLessThan)
                default: text.append(Self.escapedGreaterThan)
                }
                runStart = index + 1
            }
            text.append(UnsafeBufferPointer(rebasing: all[runStart...]))
        } else {
            text.append(bytes.baseAddress, count: bytes.count)
        }
    }

    private static let escapedAmpersand = Array("&amp;".utf8)
    private static let escapedLessThan = Array("&lt;".utf8)
    private static let escapedGreaterThan = Array("&gt;".utf8)

    private func appendMarkup(_ markup: [UInt8]) {
        guard captureStart >= 0 else { return }
        text.append(markup)
    }

    // MARK: names and namespaces

    private func elementInfo(_ tag: XMLStartTag) -> ElementEntry {
        if tag.nameIdentifier < elementInfoByIdentifier.count, let known = elementInfoByIdentifier[tag.nameIdentifier] {
            return known
        }
        let info = computeElementInfo(tag)
        let entry = ElementEntry(info: info, keyField: info.fixedField ?? unnamedFieldCodes.code(forUnfixed: info.key))
        if elementInfoByIdentifier.isEmpty { elementInfoByIdentifier.reserveCapacity(32) }
        while elementInfoByIdentifier.count <= tag.nameIdentifier { elementInfoByIdentifier.append(nil) }
        elementInfoByIdentifier[tag.nameIdentifier] = entry
        return entry
    }

    private func computeElementInfo(_ tag: XMLStartTag) -> ElementInfo {
        let written = tag.name
        let name = ElementName(namespaceURI: written.namespaceURI, prefix: written.prefix, localName: written.localName)
        // The process-wide table first, and a hit is not copied into this document's table: the
        // shared table never drops an info, so it keeps the `unowned(unsafe)` entries alive by itself
        // (the copy was a dictionary insert, and its growth, for every name of every document).
        if let shared = Self.sharedElementInfos.withLock({ $0[name] }) { return shared }
        if let known = elementInfos[name] { return known }
        var key = written.localName.lowercased()
        let standard = written.namespaceURI.flatMap { NamespaceTable.standardPrefix(for: $0) }
        if let standard {
            if !standard.isEmpty { key = standard + ":" + key }
        } else if let prefix = written.prefix {
            // An unknown namespace, or a prefix never declared: the element keeps its written prefix.
            key = prefix.lowercased() + ":" + key
        }
        let isUnprefixed = !key.utf8.contains(UInt8(ascii: ":"))
        let markupName = key.split(separator: ":").last.map(String.init) ?? key
        let info = ElementInfo(
            key: key, kind: ElementKind.byKey[key] ?? .other,
            openMarkup: Array("<\(markupName)>".utf8), closeMarkup: Array("</\(markupName)>".utf8),
            isDivision: key == "xhtml:div" || key == "div",
            endsTextInput: isUnprefixed && !["title", "link", "description", "name"].contains(key),
            endsImage: isUnprefixed && !["title", "link", "description", "url", "href", "width", "height"].contains(key))
        elementInfos[name] = info
        Self.sharedElementInfos.withLock { shared in
            if shared.count < Self.sharedElementInfoLimit { shared[name] = info }
        }
        return info
    }

    /// The keys the attribute at `index` is known under, worked out once per distinct attribute name.
    private func attributeRoles(_ tag: XMLStartTag, _ index: Int) -> StartAttributes.NameRoles {
        let identifier = tag.attributeIdentifier(at: index)
        if identifier < attributeRolesByIdentifier.count, let known = attributeRolesByIdentifier[identifier] {
            return known
        }
        let attribute = tag.attributeName(identifier: identifier)
        var key = attribute.localName.lowercased()
        if let uri = attribute.namespaceURI, let prefix = NamespaceTable.standardPrefix(for: uri), !prefix.isEmpty {
            key = prefix + ":" + key
        }
        let qualified = attribute.prefix.map { ($0 + ":" + attribute.localName).lowercased() }
        let roles = StartAttributes.NameRoles(
            key: StartAttributes.Key.byName[key],
            qualifiedKey: qualified == key ? nil : qualified.flatMap { StartAttributes.Key.byName[$0] })
        if attributeRolesByIdentifier.isEmpty { attributeRolesByIdentifier.reserveCapacity(16) }
        while attributeRolesByIdentifier.count <= identifier { attributeRolesByIdentifier.append(nil) }
        attributeRolesByIdentifier[identifier] = roles
        return roles
    }

    private func trackNamespace(prefix: String?, uri: String) {
        let lowered = uri.lowercased()
        guard versionKey.isEmpty else { return }
        if prefix == nil && lowered == "http://my.netscape.com/rdf/simple/0.9/" {
            versionKey = "rss090"
        } else if lowered == "http://purl.org/rss/1.0/" {
            versionKey = "rss10"
        } else if lowered == "http://www.w3.org/2005/atom" {
            versionKey = "atom10"
        }
    }

    // MARK: context

    private enum Target { case feed, entry, discard }

    /// Where `_save`-style values go: the source, image and text-input blocks are read and dropped.
    private var saveTarget: Target {
        if isInSource { return .discard }
        if isInImage && feedHasImage { return .discard }
        if isInTextInput { return .discard }
        if isInEntry { return entries.isEmpty ? .discard : .entry }
        return .feed
    }

    private func withTarget(_ target: Target, _ body: (inout WireContext) -> Void) {
        switch target {
        case .feed: body(&feed)
        case .entry: body(&entries[entries.count - 1])
        case .discard: break
        }
    }

    private func save(_ body: (inout WireContext) -> Void) { withTarget(saveTarget, body) }

    // MARK: collecting text

    private func push(_ field: FieldCode, expectsText: Bool) {
        captureStart = text.count
        captures.append(Capture(field: field, expectsText: expectsText, start: captureStart))
    }

    private func pushContent(_ field: FieldCode, _ attributes: StartAttributes, defaultType: String, expectsText: Bool) {
        contentDepth += 1
        let mode = attributes.mode
        if let declared = attributes.type {
            let type = Self.mapContentType(declared)
            setContentType(type)
            contentIsBase64 = Self.isBase64(mode: mode, type: type)
        } else {
            // The defaults are mapped already and none is base64 by itself (`text/...`, `...+xml`).
            setContentType(defaultType)
            contentIsBase64 = mode == "base64"
        }
        push(field, expectsText: expectsText)
    }

    /// Ends a text construct: whether it had text, and the content type in force.
    private func popContent(_ field: FieldCode) -> (hasText: Bool, type: String) {
        let type = contentType ?? "text/html"
        let result = pop(field)
        contentDepth = max(0, contentDepth - 1)
        setContentType(nil, .none)
        contentIsBase64 = false
        return (result.hasText, result.type ?? type)
    }

    static func mapContentType(_ type: String) -> String {
        // The defaults (`text/plain`, `text/html`) and most declared types are lower-case ASCII already,
        // for which `lowercased()` would only build an equal String.
        let lowered = type.utf8.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) ? type : type.lowercased()
        switch lowered {
        case "text", "plain": return "text/plain"
        case "html": return "text/html"
        case "xhtml": return "application/xhtml+xml"
        default: return lowered
        }
    }

    static func isBase64(mode: String?, type: String) -> Bool {
        if mode == "base64" { return true }
        if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") { return false }
        return true
    }

    /// Ends the collection of `field`: the value (stripped, decoded, repaired), whether there was
    /// any, and the content type in force, then stores it where its element says. nil when the
    /// element was not collecting; nil too for markup text stored as plain text straight away.
    @discardableResult
    private func pop(_ field: FieldCode) -> (value: String?, type: String?, hasText: Bool) {
        guard let top = captures.last, top.field == field else { return (nil, nil, false) }
        captures.removeLast()
        defer {
            text.truncate(to: top.start)
            captureStart = captures.last?.start ?? -1
        }
        // The field's text is read where it was collected; nothing below changes `text`.
        do {
            let all = text.bytes(from: top.start)
            // Strip first, as feed readers do: a trailing NBSP must not rescue a truncated sequence.
            let bytes = UnsafeBufferPointer(rebasing: all[Self.strippedRange(all)])
            if !top.expectsText {
                let value = FastUTF8.string(bytes)
                return (value, nil, !value.isEmpty)
            }
            if let repaired = TextRepair.repaired(bytes) {
                return repaired.withUnsafeBufferPointer { finishText(field, $0) }
            }
            return finishText(field, bytes)
        }
    }

    /// The rest of `pop` for collected text, stripped and repaired.
    private func finishText(_ field: FieldCode, _ bytes: UnsafeBufferPointer<UInt8>) -> (value: String?, type: String?, hasText: Bool) {
        if field.isTextConstruct && !(contentIsBase64 && contentType != nil) {
            let isMarkup: Bool
            switch contentKind {
            case .none, .html, .xhtml: isMarkup = true
            case .plain: isMarkup = false
            case .other: isMarkup = FeedAdapter.isMarkup(contentType!)
            }
            if isMarkup {
                let type = contentType ?? "text/html"
                popMarkup(field, bytes, type)
                return (nil, type, !bytes.isEmpty)
            }
        }
        var output = FastUTF8.string(bytes)
        if contentIsBase64, contentType != nil {
            if let data = Data(base64Encoded: output, options: .ignoreUnknownCharacters),
                let decoded = String(data: data, encoding: .utf8)
            {
                output = TextRepair.repair(decoded)
            }
        }
        if field == .link && !output.isEmpty {
            output = URLResolver.resolve(output, against: base)
        }
        if !isAtomVersion && contentKind == .plain && PlainText.looksLikeHTML(output) {
            setContentType("text/html", .html)
        }
        contentIsBase64 = false
        let type = contentType ?? "text/html"
        if field == .category { return (output, type, !output.isEmpty) }
        if field == .title && titleDepth > -1 && titleDepth <= depth { return (output, type, !output.isEmpty) }
        if isInEntry && !isInSource && !entries.isEmpty {
            let index = entries.count - 1
            if field == .content {
                entries[index].contents.append(WireText(value: output, type: type))
            } else if field == .link {
                if !isInImage {
                    var link = output.utf8Contains(UInt8(ascii: "&")) ? output.replacingOccurrences(of: "&amp;", with: "&") : output
                    link = Self.unescapeQueryReferences(link)
                    if !link.isEmpty, !entries[index].links.isEmpty {
                        entries[index].links[entries[index].links.count - 1].href = link
                    }
                }
            } else {
                let property = field == .description ? FieldCode.summary : field
                if let slot = PropertyDepths.slot(property) {
                    if entries[index].propertyDepths.admits(slot, depth: depth) {
                        store(property, output, type, into: &entries[index])
                    }
                }
            }
        } else if isInFeed || isInSource {
            let property = field == .description ? FieldCode.subtitle : field
            let target: Target = isInSource ? .discard : saveTarget
            withTarget(target) { context in
                if property == .link {
                    let link = Self.unescapeQueryReferences(output)
                    if !context.links.isEmpty { context.links[context.links.count - 1].href = link }
                } else {
                    store(property, output, type, into: &context)
                }
            }
        }
        return (output, type, !output.isEmpty)
    }

    /// Stores markup text the way `pop` stores any text, but converted to plain text right away
    /// from the collected bytes (no intermediate String), and only where it is kept.
    private func popMarkup(_ field: FieldCode, _ bytes: UnsafeBufferPointer<UInt8>, _ type: String) {
        contentIsBase64 = false
        if field == .title && titleDepth > -1 && titleDepth <= depth { return }
        let makeText = { WireText(plainText: PlainText.fromHTML(bytes), type: type) }
        if isInEntry && !isInSource && !entries.isEmpty {
            let index = entries.count - 1
            if field == .content {
                entries[index].contents.append(makeText())
            } else {
                let property = field == .description ? FieldCode.summary : field
                if let slot = PropertyDepths.slot(property) {
                    if entries[index].propertyDepths.admits(slot, depth: depth) {
                        Self.storeText(property, makeText, into: &entries[index])
                    }
                }
            }
        } else if isInFeed || isInSource {
            let property = field == .description ? FieldCode.subtitle : field
            let target: Target = isInSource ? .discard : saveTarget
            withTarget(target) { context in Self.storeText(property, makeText, into: &context) }
        }
    }

    private static func storeText(_ property: FieldCode, _ makeText: () -> WireText, into context: inout WireContext) {
        switch property {
        case .title: context.title = makeText()
        case .summary, .subtitle: context.summary = makeText()
        default: break
        }
    }

    private func store(_ property: FieldCode, _ value: String, _ type: String, into context: inout WireContext) {
        switch property {
        case .title: context.title = WireText(value: value, type: type)
        case .summary, .subtitle: context.summary = WireText(value: value, type: type)
        case .id: context.id = value
        case .language: context.language = value
        case .author: context.authorText = value
        default: break
        }
    }

    /// `&name;` left in a link after XML decoding was a double-escaped query separator: `&name`.
    static func unescapeQueryReferences(_ link: String) -> String {
        guard link.utf8Contains(UInt8(ascii: "&")) else { return link }
        var result = ""
        var rest = Substring(link)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            let nameEnd = after.firstIndex(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }) ?? after.endIndex
            if nameEnd > after.startIndex, nameEnd < after.endIndex, after[nameEnd] == ";" {
                result += "&" + after[..<nameEnd]
                rest = after[after.index(after: nameEnd)...]
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }

    /// The String of UTF-8 `bytes` with Unicode white space cut off both ends.
    /// The index range of `input` (UTF-8) without white space at either end.
    static func strippedRange(_ input: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = input.count
        while start < end {
            let byte = input[start]
            if byte < 0x80 {
                guard isASCIIWhitespace(byte) else { break }
                start += 1
            } else {
                let next = min(end, start + UTF8Length.ofLeadingByte(byte))
                guard PlainText.isMultibyteWhitespace(input, start, next) else { break }
                start = next
            }
        }
        while end > start {
            let byte = input[end - 1]
            if byte < 0x80 {
                guard isASCIIWhitespace(byte) else { break }
                end -= 1
            } else if end - 2 >= start && PlainText.isMultibyteWhitespace(input, end - 2, end) {
                end -= 2
            } else if end - 3 >= start && PlainText.isMultibyteWhitespace(input, end - 3, end) {
                end -= 3
            } else {
                break
            }
        }
        return start..<end
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F)
    }

    /// Python's `str.strip()`: Unicode white space off both ends.
    static func strip(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return text
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        if !isWhitespace(first) && !isWhitespace(last) { return text }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isWhitespace($0) })!
        return String(scalars[start...end])
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (scalar.value >= 0x1C && scalar.value <= 0x1F)
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    // MARK: element table

    private func start(_ keyField: FieldCode, _ kind: ElementKind, _ attributes: StartAttributes) {
        let expectsTextHere = isInFeed || isInEntry || isInSource
        switch kind {
        case .rss:
            if versionKey.isEmpty || !versionKey.hasPrefix("rss") {
                let declared = attributes.version ?? ""
                switch declared {
                case "0.91": versionKey = "rss091u"
                case "0.92": versionKey = "rss092"
                case "0.93": versionKey = "rss093"
                case "0.94": versionKey = "rss094"
                default: versionKey = declared.hasPrefix("2.") ? "rss20" : "rss"
                }
            }
        case .channel:
            isInFeed = true
        case .feed:
            isInFeed = true
            if versionKey.isEmpty {
                switch attributes.version {
                case "0.1": versionKey = "atom01"
                case "0.2": versionKey = "atom02"
                case "0.3": versionKey = "atom03"
                default: versionKey = "atom"
                }
            }
        case .item:
            // Room for a typical feed's items at once, instead of regrowing (and copying every
            // WireContext) at 1, 2, 4, 8 and 16 items: a few kilobytes while the document is read.
            if entries.isEmpty { entries.reserveCapacity(32) }
            entries.append(WireContext())
            push(.item, expectsText: false)
            isInEntry = true
            guidIsLink = false
            titleDepth = -1
            if let about = attributes.about, !about.isEmpty {
                entries[entries.count - 1].id = about
            }
        case .image:
            if !isInEntry { feedHasImage = true }
            isInImage = true
            titleDepth = -1
            push(.image, expectsText: false)
        case .textInput:
            isInTextInput = true
            titleDepth = -1
            push(.textInput, expectsText: false)
        case .source:
            push(.source, expectsText: true)
            isInSource = true
            titleDepth = -1
        case .author:
            isInAuthor = true
            push(.author, expectsText: true)
            save { $0.authors.append(WireAuthor()) }
        case .contributor:
            isInContributor = true
            push(.contributor, expectsText: false)
        case .dublinCoreContributor:
            isInContributor = true
            push(.name, expectsText: false)
        case .name:
            push(.name, expectsText: false)
        case .email:
            push(.email, expectsText: false)
        case .url:
            push(.href, expectsText: true)
        case .publisher:
            push(.publisher, expectsText: true)
        case .title:
            pushContent(.title, attributes, defaultType: "text/plain", expectsText: expectsTextHere)
        case .description:
            pushContent(.description, attributes, defaultType: "text/html", expectsText: expectsTextHere)
        case .abstract:
            pushContent(.description, attributes, defaultType: "text/plain", expectsText: expectsTextHere)
        case .summary:
            pushContent(.summary, attributes, defaultType: "text/plain", expectsText: true)
        case .subtitle:
            pushContent(.subtitle, attributes, defaultType: "text/plain", expectsText: true)
        case .rights:
            pushContent(.rights, attributes, defaultType: "text/plain", expectsText: true)
        case .info:
            pushContent(.info, attributes, defaultType: "text/plain", expectsText: true)
        case .atomContent:
            pushContent(.content, attributes, defaultType: "text/plain", expectsText: true)
        case .encodedContent:
            pushContent(.content, attributes, defaultType: "text/html", expectsText: true)
        case .bodyContent:
            pushContent(.content, attributes, defaultType: "application/xhtml+xml", expectsText: true)
        case .language:
            push(.language, expectsText: true)
        case .published:
            push(.published, expectsText: true)
        case .updated:
            push(.updated, expectsText: true)
        case .dublinCoreDate:
            push(.dublinCoreDate, expectsText: true)
        case .category:
            let term = nonEmpty(attributes.term)
            let scheme = nonEmpty(attributes.scheme ?? attributes.domain)
            let label = nonEmpty(attributes.label)
            addCategory(WireCategory(term: term, scheme: scheme, label: label))
            push(.category, expectsText: true)
        case .link:
            startLink(attributes, expectsText: expectsTextHere)
        case .enclosure:
            var href = Self.hrefAttribute(attributes)
            if let value = href { href = URLResolver.resolve(value, against: base) }
            let link = WireLink(relation: "enclosure", type: attributes.type, href: href, length: attributes.length)
            save { $0.links.append(link) }
        case .guid:
            guidIsLink = (attributes.isPermaLink ?? "true") == "true"
            push(.id, expectsText: true)
        case .skipHours:
            isInSkipHours = isInChannelOnly
            if attributes.isEmpty { push(keyField, expectsText: true) }
        case .skipDays:
            isInSkipDays = isInChannelOnly
            if attributes.isEmpty { push(keyField, expectsText: true) }
        case .timeToLive, .skipHour, .skipDay:
            // Collected even with attributes: the value is the element's own text.
            push(keyField, expectsText: true)
        default:
            // Elements no field reads: their own text is dropped. One with attributes is not
            // collected at all (its text joins the enclosing element's), as feed readers do.
            if attributes.isEmpty { push(keyField, expectsText: true) }
        }
    }

    private func end(_ keyField: FieldCode, _ kind: ElementKind) {
        switch kind {
        case .channel, .feed:
            isInFeed = false
        case .item:
            pop(.item)
            isInEntry = false
        case .image:
            pop(.image)
            isInImage = false
        case .textInput:
            pop(.textInput)
            isInTextInput = false
        case .source:
            isInSource = false
            pop(.source)
        case .author:
            pop(.author)
            isInAuthor = false
            syncAuthorDetail()
        case .contributor:
            pop(.contributor)
            isInContributor = false
        case .dublinCoreContributor:
            _ = pop(.name)
            isInContributor = false
        case .name, .email:
            let value = pop(keyField).value
            if isInAuthor && !isInContributor {
                save { context in
                    if context.authors.isEmpty { context.authors.append(WireAuthor()) }
                    if kind == .name {
                        context.authors[context.authors.count - 1].name = value
                    } else {
                        context.authors[context.authors.count - 1].email = value
                    }
                }
            }
        case .url:
            let value = pop(.href).value
            if isInAuthor && !isInContributor, value != nil {
                save { context in
                    if context.authors.isEmpty { context.authors.append(WireAuthor()) }
                    context.authors[context.authors.count - 1].hasOtherDetail = true
                }
            }
        case .publisher:
            pop(.publisher)
        case .title:
            if popContent(.title).hasText { titleDepth = depth }
        case .description, .abstract:
            _ = popContent(.description)
        case .summary:
            _ = popContent(.summary)
        case .subtitle:
            _ = popContent(.subtitle)
        case .rights:
            _ = popContent(.rights)
        case .info:
            _ = popContent(.info)
        case .atomContent, .encodedContent, .bodyContent:
            _ = popContent(.content)
        case .language:
            if let value = pop(.language).value {
                languages.append(value)
                languageIndex = languages.count - 1
            }
        case .published:
            let value = pop(.published).value
            let parsed = value.flatMap { FeedDate.parseSeconds($0) }
            save { $0.published = .some(parsed) }
        case .updated:
            let value = pop(.updated).value
            let parsed = value.flatMap { FeedDate.parseSeconds($0) }
            save { $0.updated = .some(parsed) }
        case .dublinCoreDate:
            let value = pop(.dublinCoreDate).value
            let parsed = (value?.isEmpty ?? true) ? nil : FeedDate.parseSeconds(value!)
            save { $0.dublinCoreDate = .some(parsed) }
        case .category:
            guard let value = pop(.category).value, !value.isEmpty else { return }
            save { context in
                if let last = context.categories.last, last.term == nil {
                    context.categories[context.categories.count - 1].term = value
                } else {
                    let category = WireCategory(term: value)
                    if !context.categories.contains(category) { context.categories.append(category) }
                }
            }
        case .link:
            pop(.link)
        case .guid:
            let isLink = guidIsLink
            let value = pop(.id).value
            // Only an absolute http(s) guid is a link (parse-json.md): "1" must not become BASE/1.
            if isLink, let value, Self.isAbsoluteWebURL(value) {
                let permalink = URLResolver.resolve(value, against: base)
                save { $0.permalink = permalink }
            }
        case .timeToLive:
            let value = pop(keyField).value
            if isInChannelOnly, timeToLive == nil, let value { timeToLive = ChannelSchedule.minutes(value) }
        case .skipHours:
            pop(keyField)
            isInSkipHours = false
        case .skipDays:
            pop(keyField)
            isInSkipDays = false
        case .skipHour:
            let value = pop(keyField).value
            if isInSkipHours, let hour = value.flatMap(ChannelSchedule.hour), !skipHours.contains(hour) {
                skipHours.append(hour)
            }
        case .skipDay:
            let value = pop(keyField).value
            if isInSkipDays, let day = value.flatMap(ChannelSchedule.day), !skipDays.contains(day) {
                skipDays.append(day)
            }
        default:
            pop(keyField)
        }
    }

    /// Inside the channel itself, not in an item or in one of its image, text-input or source blocks.
    private var isInChannelOnly: Bool {
        isInFeed && !isInEntry && !isInSource && !isInImage && !isInTextInput
    }

    /// Whether `text`, leading white space aside, starts with `http://` or `https://` in any case.
    ///
    /// Read from the scalars rather than through `trimmingCharacters(in:)` and `lowercased()`: those go
    /// through NSString and were a third of the parse time of a small RSS feed (every guid asks).
    /// No non-ASCII scalar lowercases to one of `h`, `t`, `p`, `s`, so comparing ASCII letters
    /// case-insensitively gives the same answer.
    static func isAbsoluteWebURL(_ text: String) -> Bool {
        // Most guids start with a printable ASCII byte, which is not white space: then the bytes answer
        // (a non-ASCII byte never matches a letter of the prefix), without a CharacterSet lookup.
        if let first = text.utf8.first, first > 0x20, first < 0x7F {
            var bytes = text.utf8.makeIterator()
            for expected in "http".utf8 {
                guard let byte = bytes.next(), byte | 0x20 == expected else { return false }
            }
            var next = bytes.next()
            if next.map({ $0 | 0x20 }) == UInt8(ascii: "s") { next = bytes.next() }
            return next == UInt8(ascii: ":") && bytes.next() == UInt8(ascii: "/") && bytes.next() == UInt8(ascii: "/")
        }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !CharacterSet.whitespacesAndNewlines.contains($0) }) else {
            return false
        }
        var rest = scalars[start...].makeIterator()
        for expected in "http".unicodeScalars {
            guard let scalar = rest.next(), scalar.isASCII, scalar.value | 0x20 == expected.value else { return false }
        }
        var next = rest.next()
        if let scalar = next, scalar.isASCII, scalar.value | 0x20 == UInt32(UInt8(ascii: "s")) { next = rest.next() }
        return next == ":" && rest.next() == "/" && rest.next() == "/"
    }

    private func addCategory(_ category: WireCategory) {
        guard category.term != nil || category.scheme != nil || category.label != nil else { return }
        save { context in
            if !context.categories.contains(category) { context.categories.append(category) }
        }
    }

    private static func hrefAttribute(_ attributes: StartAttributes) -> String? {
        let raw = attributes.url ?? attributes.uri ?? attributes.href
        guard let raw else { return nil }
        let trimmed = strip(raw)
        return trimmed.isEmpty ? nil : trimmed
    }

    private func startLink(_ attributes: StartAttributes, expectsText: Bool) {
        let relation = attributes.relation ?? "alternate"
        var href = Self.hrefAttribute(attributes)
        if let value = href { href = URLResolver.resolve(value, against: base) }
        let link = WireLink(relation: relation, type: attributes.type, href: href, length: attributes.length)
        if !(isInEntry && isInImage) {
            save { $0.links.append(link) }
        }
        if href == nil { push(.link, expectsText: expectsText) }
    }

    /// Splits an RSS author line (`jane@example.org (Jane Doe)`) into name and e-mail.
    private func syncAuthorDetail() {
        save { context in
            let detail = context.authors.last ?? WireAuthor()
            guard detail.isEmpty else { return }
            guard var author = context.authorText, !author.isEmpty else { return }
            var email: String? = nil
            if let range = AuthorLine.emailRange(in: author) {
                let found = String(author[range])
                email = found
                author = author.replacingOccurrences(of: found, with: "")
                author = author.replacingOccurrences(of: "()", with: "")
                author = author.replacingOccurrences(of: "<>", with: "")
                author = author.replacingOccurrences(of: "&lt;&gt;", with: "")
                author = Self.strip(author)
                if author.hasPrefix("(") { author.removeFirst() }
                if author.hasSuffix(")") { author.removeLast() }
                author = Self.strip(author)
            }
            if context.authors.isEmpty { context.authors.append(WireAuthor()) }
            let index = context.authors.count - 1
            if !author.isEmpty { context.authors[index].name = author }
            if let email { context.authors[index].email = email }
        }
    }
}

/// The elements the builder gives meaning to, grouped by what they do; everything else is `.other`.
enum ElementKind {
    case rss, channel, feed, item, image, textInput, source, author, contributor, dublinCoreContributor, name, email, url, publisher, title, description, abstract, summary, subtitle, rights, info, atomContent, encodedContent, bodyContent, language, published, updated, dublinCoreDate, category, link, enclosure, guid, timeToLive, skipHours, skipDays, skipHour, skipDay, other

    /// Element key (standard prefix + lower-cased local name) → kind.
    static let byKey: [String: ElementKind] = [
        "rss": .rss,
        "channel": .channel,
        "feed": .feed,
        "item": .item,
        "entry": .item,
        "image": .image,
        "textinput": .textInput,
        "source": .source,
        "author": .author,
        "managingeditor": .author,
        "dc:creator": .author,
        "dc:author": .author,
        "contributor": .contributor,
        "dc:contributor": .dublinCoreContributor,
        "name": .name,
        "email": .email,
        "url": .url,
        "uri": .url,
        "homepage": .url,
        "webmaster": .publisher,
        "dc:publisher": .publisher,
        "title": .title,
        "dc:title": .title,
        "description": .description,
        "dc:description": .description,
        "abstract": .abstract,
        "summary": .summary,
        "subtitle": .subtitle,
        "tagline": .subtitle,
        "rights": .rights,
        "copyright": .rights,
        "dc:rights": .rights,
        "info": .info,
        "feedburner:browserfriendly": .info,
        "content": .atomContent,
        "content:encoded": .encodedContent,
        "fullitem": .encodedContent,
        "body": .bodyContent,
        "xhtml:body": .bodyContent,
        "language": .language,
        "dc:language": .language,
        "published": .published,
        "issued": .published,
        "pubdate": .published,
        "dcterms:issued": .published,
        "updated": .updated,
        "modified": .updated,
        "lastbuilddate": .updated,
        "dcterms:modified": .updated,
        "dc:date": .dublinCoreDate,
        "category": .category,
        "keywords": .category,
        "dc:subject": .category,
        "link": .link,
        "enclosure": .enclosure,
        "guid": .guid,
        "id": .guid,
        "ttl": .timeToLive,
        "skiphours": .skipHours,
        "skipdays": .skipDays,
        "hour": .skipHour,
        "day": .skipDay,
    ]
}
