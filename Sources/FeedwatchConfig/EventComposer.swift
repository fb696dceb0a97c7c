import CYaml
import Yams

/// Builds the node tree that `Yams.compose(yaml:_:)` builds, for the documents feeds.yml holds, at a
/// fraction of its cost.
///
/// Yams' composer allocates an event object per libyaml event and converts every scalar through
/// Foundation's `String(bytes:encoding:)`: most of reading a feeds.yml of a thousand feeds, which
/// every `feedwatch run --once` does before its first request (docs/performance.md, "Fetcher,
/// session 8"). This composer reads libyaml's events into one reused event and builds the same
/// `Node` values (tags, styles and positions included).
///
/// It gives up (`nil`) on anything it does not handle exactly as Yams does: a syntax error (Yams
/// words the message and its position), anchors and aliases, a second document, or a build of Yams
/// whose `Mark` it cannot make. The caller then asks Yams, so what a feeds.yml means and every
/// error about it stay Yams'. `EventComposerTests` compares both on many documents.
enum EventComposer {
    /// The tree of `text`'s single document (`.some(nil)` for an empty stream), or `nil` when Yams
    /// must compose it.
    static func compose(_ text: String, resolver: Resolver, constructor: Constructor = .default) -> Node?? {
        guard canMakeMarks else { return nil }
        var text = text
        return text.withUTF8 { bytes -> Node?? in
            // libyaml's parser stays at one address from initialize to delete.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return nil }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
            var reader = EventReader(parser: parser, resolver: resolver, constructor: constructor)
            return reader.document()
        }
    }

    /// A `Mark`, which Yams builds but does not let others build: the same two integers.
    @inline(__always)
    static func mark(line: Int, column: Int) -> Mark {
        unsafeBitCast(MarkLayout(line: line, column: column), to: Mark.self)
    }

    /// Whether `mark(line:column:)` gives a `Mark` that reads back its line and column: if a later
    /// Yams changes `Mark`, every document goes to Yams' own composer.
    static let canMakeMarks: Bool = {
        guard MemoryLayout<Mark>.size == MemoryLayout<MarkLayout>.size,
            MemoryLayout<Mark>.alignment == MemoryLayout<MarkLayout>.alignment
        else { return false }
        let probe = mark(line: 12_345, column: 678)
        return probe.line == 12_345 && probe.column == 678
    }()

    struct MarkLayout {
        var line: Int
        var column: Int
    }
}

/// One pass over libyaml's events, one event at a time, in the order Yams' `Parser` reads them.
private struct EventReader {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    let resolver: Resolver
    let constructor: Constructor
    var event = yaml_event_t()

    init(parser: UnsafeMutablePointer<yaml_parser_t>, resolver: Resolver, constructor: Constructor) {
        self.parser = parser
        self.resolver = resolver
        self.constructor = constructor
    }

    /// The next event into `event` (the previous one freed), false on a syntax error.
    mutating func next() -> Bool {
        yaml_event_delete(&event)
        return yaml_parser_parse(parser, &event) == 1
    }

    /// Stream start, the document's root, document end, stream end: what `Parser.singleRoot` reads.
    mutating func document() -> Node?? {
        defer { yaml_event_delete(&event) }
        guard next(), event.type == YAML_STREAM_START_EVENT, next() else { return nil }
        if event.type == YAML_STREAM_END_EVENT { return .some(nil) }
        guard event.type == YAML_DOCUMENT_START_EVENT, next(), let root = node() else { return nil }
        guard next(), event.type == YAML_DOCUMENT_END_EVENT, next(), event.type == YAML_STREAM_END_EVENT else {
            return nil
        }
        return .some(root)
    }

    /// The node whose first event is `event`; nil where Yams must compose.
    mutating func node() -> Node? {
        switch event.type {
        case YAML_SCALAR_EVENT: return scalar()
        case YAML_SEQUENCE_START_EVENT: return sequence()
        case YAML_MAPPING_START_EVENT: return mapping()
        default: return nil  // an alias
        }
    }

    mutating func scalar() -> Node? {
        let data = event.data.scalar
        guard data.anchor == nil else { return nil }
        // libyaml hands out UTF-8 it has checked (and escapes it has encoded): Yams' force-unwrapped
        // `String(bytes:encoding:)` and this read the same text, NUL characters included.
        let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
        let tagName: String? = data.quoted_implicit == 1 ? Tag.Name.str.rawValue : Self.text(data.tag)
        guard let style = Node.Scalar.Style(rawValue: numericCast(data.style.rawValue)) else { return nil }
        return .scalar(.init(value, tag(tagName), style, startMark))
    }

    mutating func sequence() -> Node? {
        let start = event.data.sequence_start
        guard start.anchor == nil else { return nil }
        let tagName = start.implicit != 0 ? nil : Self.text(start.tag)
        let mark = startMark
        var nodes: [Node] = []
        while true {
            guard next() else { return nil }
            if event.type == YAML_SEQUENCE_END_EVENT { break }
            guard let item = node() else { return nil }
            nodes.append(item)
        }
        // Yams reads the style from the end event (whose fields libyaml leaves zero): the same here.
        guard let style = Node.Sequence.Style(rawValue: numericCast(event.data.sequence_start.style.rawValue)) else {
            return nil
        }
        return .sequence(.init(nodes, tag(tagName), style, mark))
    }

    mutating func mapping() -> Node? {
        let start = event.data.mapping_start
        guard start.anchor == nil else { return nil }
        let tagName = start.implicit != 0 ? nil : Self.text(start.tag)
        let mark = startMark
        var pairs: [(Node, Node)] = []
        while true {
            guard next() else { return nil }
            if event.type == YAML_MAPPING_END_EVENT { break }
            guard let key = node(), next(), let value = node() else { return nil }
            pairs.append((key, value))
        }
        guard let style = Node.Mapping.Style(rawValue: numericCast(event.data.mapping_start.style.rawValue)) else {
            return nil
        }
        return .mapping(.init(pairs, tag(tagName), style, mark))
    }

    /// Where the current event starts, counted from 1 as Yams counts.
    var startMark: Mark {
        EventComposer.mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    }

    /// A new tag per node, as Yams makes: a tag's name changes when it is resolved.
    func tag(_ name: String?) -> Tag {
        Tag(name.map(Tag.Name.init(rawValue:)) ?? .implicit, resolver, constructor)
    }

    static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
