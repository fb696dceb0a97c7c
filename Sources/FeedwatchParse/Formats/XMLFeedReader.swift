import Foundation
import FeedwatchModel
import FeedwatchXML

/// Reads an XML feed document: chooses the encoding, streams it through the hardened libxml2
/// parser into `XMLFeedBuilder`, then adapts the wire values into a `Feed`.
///
/// Encoding, in order: a byte-order mark; the HTTP charset; the XML declaration; UTF-8. A document
/// that declares (or defaults to) UTF-8 but is not valid UTF-8 is read whole as windows-1252, the
/// encoding such documents almost always are in, with a warning; a declared encoding iconv does not
/// know is replaced the same way (UTF-8 when valid, else windows-1252).
struct XMLFeedReader {
    let limits: ParseLimits

    /// XML 1.0's EncName: `[A-Za-z] ([A-Za-z0-9._] | '-')*`.
    static func isXMLEncodingName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else {
            return false
        }
        return bytes.allSatisfy { byte in
            let lower = byte | 0x20
            return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    func read(_ bytes: UnsafeRawBufferPointer, baseURL: String?, contentType: String?) throws(FeedParseError)
        -> ParsedFeed
    {
        var warnings: [String] = []
        var encodingOverride: String? = nil
        var transcoded: [UInt8]? = nil
        // Read as UTF-8 without having been checked: libxml2 checks every byte it reads and raises a
        // fatal error at the first that is not UTF-8, so only a parse with a fatal error needs the check.
        var isUncheckedUTF8 = false
        if let wide = WideEncoding.detect(bytes) {
            // UTF-16/32 are decoded here: libxml2 2.9.14 trips on UTF-32 and on wide documents whose
            // declaration names an encoding it does not know (`u16`).
            transcoded = wide.utf8(bytes)
            encodingOverride = "UTF-8"
        } else if DocumentSniffer.byteOrderMark(bytes) == "UTF-8" {
            // libxml2 reads the BOM itself.
        } else {
            let httpCharset = DocumentSniffer.charset(fromContentType: contentType)
            let declared = DocumentSniffer.declaredEncoding(bytes)
            var chosen = (httpCharset ?? declared).map(EncodingLabel.iconvName)
            if let name = chosen, !XMLEncodingSupport.isSupported(name) {
                warnings.append("unknown encoding \"\(name)\"; read as UTF-8 (windows-1252 when not valid UTF-8)")
                chosen = nil
                encodingOverride = "UTF-8"
            } else if let httpCharset, httpCharset.lowercased() != (declared ?? "").lowercased() {
                encodingOverride = httpCharset
            } else if let name = chosen, !Self.isXMLEncodingName(name) || name != (httpCharset ?? declared) {
                // iconv knows `437` or `866`, but XML's EncName must start with a letter, so libxml2
                // rejects the declaration and would read the document as UTF-8: name it explicitly.
                // Likewise a label only known under another name (`mac-iceland` is iconv's `MAC-IS`).
                encodingOverride = name
            }
            isUncheckedUTF8 = chosen.map { ["utf-8", "utf8"].contains($0.lowercased()) } ?? true
        }
        var (builder, outcome) = Self.run(
            transcoded: transcoded, bytes, baseURL: baseURL, limits: limits,
            encoding: encodingOverride)
        if isUncheckedUTF8 && outcome.hadFatalError && !DocumentSniffer.isValidUTF8(bytes) {
            // Decoded here rather than by iconv, which refuses the five bytes windows-1252 leaves
            // undefined; like browsers, those become the C1 code points. The whole document is read
            // again, as if it had been checked first.
            warnings.append("document is not valid UTF-8; read as windows-1252")
            transcoded = Windows1252.utf8(bytes)
            encodingOverride = "UTF-8"
            (builder, outcome) = Self.run(
                transcoded: transcoded, bytes, baseURL: baseURL, limits: limits, encoding: encodingOverride)
        }
        if outcome.hadFatalError && outcome.stopReason == nil {
            // Ill-formed: try once more with bare `&` and stray `<` repaired, as lenient readers read them.
            let repaired: [UInt8]?
            if let transcoded {
                repaired = transcoded.withUnsafeBytes { MarkupRepair.repair($0) }
            } else {
                repaired = MarkupRepair.repair(bytes)
            }
            if let repaired {
                let second = Self.run(
                    transcoded: repaired, bytes, baseURL: baseURL, limits: limits,
                    encoding: encodingOverride)
                if second.1.stopReason == nil {
                    builder = second.0
                    let firstErrors = outcome.errors
                    outcome = second.1
                    if outcome.errorCount == 0 {
                        outcome.errorCount = 1
                        outcome.errors = firstErrors
                    }
                }
            }
        }
        if let reason = outcome.stopReason {
            switch reason {
            case .tooDeep(let depth):
                throw FeedParseError(.limitExceeded, "refused: elements nested deeper than \(depth - 1) levels")
            case .tooManyAttributes(let count):
                throw FeedParseError(.limitExceeded, "refused: an element has \(count) attributes, more than \(limits.maxAttributesPerElement)")
            case .timeLimit(let duration):
                throw FeedParseError(.limitExceeded, "refused: parsing took longer than \(duration)")
            case .entityExpansion(let bytes):
                throw FeedParseError(.limitExceeded, "refused: entity references expand to more than \(bytes - 1) bytes")
            case .tooManyErrors(let count):
                throw FeedParseError(.malformed, "not a feed: more than \(count - 1) XML errors (\(outcome.errors.first ?? ""))")
            }
        }
        guard let (format, version) = Self.formatAndVersion(builder.versionKey) else {
            var reason = "not a feed: no RSS, RDF or Atom document recognised"
            if let first = outcome.errors.first { reason += " (XML error at \(first))" }
            throw FeedParseError(.notAFeed, reason)
        }
        if outcome.errorCount > 0 {
            warnings.append("recovered malformed XML (\(outcome.errorCount) error\(outcome.errorCount == 1 ? "" : "s"), first at \(outcome.errors.first ?? "?"))")
        }
        warnings.append(contentsOf: builder.warnings)
        var feed = FeedAdapter.feed(from: builder, format: format, version: version)
        if feed.items.count > limits.maxItems {
            warnings.append("only the first \(limits.maxItems) of \(feed.items.count) items were kept")
            feed.items.removeLast(feed.items.count - limits.maxItems)
        }
        return ParsedFeed(feed: feed, warnings: warnings)
    }

    private static func run(
        transcoded: [UInt8]?, _ bytes: UnsafeRawBufferPointer, baseURL: String?, limits: ParseLimits,
        encoding: String?
    ) -> (XMLFeedBuilder, XMLParseOutcome) {
        // Text reaches the builder as UTF-8 whatever the document's encoding, and the double-encoding
        // repair applies to it all (a windows-1252 document can carry double-encoded UTF-8 too).
        let builder = XMLFeedBuilder(baseURL: baseURL, maxFieldBytes: limits.maxFieldBytes)
        let options = XMLParseOptions(
            maxDepth: limits.maxDepth, maxAttributesPerElement: limits.maxAttributesPerElement,
            maxDuration: limits.maxDuration, maxExpandedEntityBytes: limits.maxFieldBytes, encoding: encoding)
        let outcome: XMLParseOutcome
        if let transcoded {
            outcome = transcoded.withUnsafeBytes { XMLStreamParser.parse($0, options: options, handler: builder) }
        } else {
            outcome = XMLStreamParser.parse(bytes, options: options, handler: builder)
        }
        return (builder, outcome)
    }

    /// The format and version a version key stands for; nil when no feed was recognised.
    static func formatAndVersion(_ key: String) -> (FeedFormat, String?)? {
        switch key {
        case "rss090": return (.rdf, "0.90")
        case "rss10": return (.rdf, "1.0")
        case "rss091n", "rss091u": return (.rss, "0.91")
        case "rss092": return (.rss, "0.92")
        case "rss093": return (.rss, "0.93")
        case "rss094": return (.rss, "0.94")
        case "rss20": return (.rss, "2.0")
        case "rss": return (.rss, nil)
        case "atom01": return (.atom, "0.1")
        case "atom02": return (.atom, "0.2")
        case "atom03": return (.atom, "0.3")
        case "atom10": return (.atom, "1.0")
        case "atom": return (.atom, nil)
        default: return nil
        }
    }
}
