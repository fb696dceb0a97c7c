// FeedwatchParse: stage ② of the pipeline.
//
// Input: the bytes of one feed document, the URL it came from (for relative links) and the HTTP
// Content-Type (for its charset). Output: a `Feed` normalized as shared/spec/parse-json.md says,
// plus warnings (recovered XML, encoding fallbacks, truncated fields). Invariants: no I/O, no
// clock but the parse-time bound, no network or file access through XML (see FeedwatchXML);
// every limit in `ParseLimits` holds for any input; a document that is not a feed is an error
// value, never a crash.
import Foundation
import FeedwatchModel
import FeedwatchXML

/// Parses RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents into `Feed` values.
public struct FeedParser: Sendable {
    /// The bounds every parse respects.
    public var limits: ParseLimits

    /// Creates a parser with the given bounds.
    public init(limits: ParseLimits = .default) {
        self.limits = limits
    }

    /// Parses one document; `baseURL` is its own URL, `contentType` its HTTP Content-Type header value.
    public func parse(_ data: Data, baseURL: String? = nil, contentType: String? = nil) throws(FeedParseError)
        -> ParsedFeed
    {
        if data.count > limits.maxInputBytes {
            throw FeedParseError(.tooLarge, "document is \(data.count) bytes, more than the limit of \(limits.maxInputBytes)")
        }
        let trimmedBase = baseURL.map { XMLFeedBuilder.strip($0) }.flatMap { $0.isEmpty ? nil : $0 }
        let limits = self.limits
        let result = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<ParsedFeed, FeedParseError> in
            guard let start = DocumentSniffer.firstSignificantByte(bytes) else {
                return .failure(FeedParseError(.notAFeed, "not a feed: the document is empty"))
            }
            do throws(FeedParseError) {
                if bytes[start] == UInt8(ascii: "{") {
                    return .success(try JSONFeedReader(limits: limits).read(data, baseURL: trimmedBase))
                }
                return .success(try XMLFeedReader(limits: limits).read(bytes, baseURL: trimmedBase, contentType: contentType))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
