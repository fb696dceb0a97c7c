import FeedwatchCurl
import Foundation

/// One fetch in flight: its easy handle, and what libcurl's callbacks have delivered so far.
/// Lives on the driver thread only (created there when admitted, finished there).
final class Transfer: CurlTransferDelegate {
    let submission: TransferSubmission
    let easy: CurlEasy
    private let policy: DestinationPolicy
    private(set) var body = Data()
    private(set) var head = ResponseHead()
    /// Set when the body reached the cap and the write callback stopped the transfer.
    private(set) var exceededCap = false
    /// Set when the connection check refused an address.
    private(set) var refusal: Refusal?

    init(submission: TransferSubmission, configuration: FetcherConfiguration) throws(CurlError) {
        self.submission = submission
        let request = submission.request
        policy = DestinationPolicy(request: request, proxyAddresses: submission.proxyAddresses)
        easy = try CurlEasy()
        easy.delegate = self
        try easy.setURL(request.url)
        try easy.setProtocols(["http", "https"], redirects: ["http", "https"])
        try easy.setRedirects(maximum: configuration.maxRedirects)
        let timeouts = request.timeouts ?? configuration.timeouts
        try easy.setTimeouts(
            connect: timeouts.connectSeconds, total: timeouts.totalSeconds,
            lowSpeedLimit: timeouts.lowSpeedBytesPerSecond, lowSpeedTime: timeouts.lowSpeedSeconds)
        try easy.setUserAgent(configuration.userAgent)
        try easy.setAcceptEncoding(CurlLibrary.supportedContentEncodings)
        try easy.setMaximumFileSize(request.maxBodyBytes)
        try easy.setProxy(request.proxy ?? configuration.proxy)
        // Not waiting for a possible HTTP/2 connection: with two transfers per host at most, waiting
        // saves little and stalls HTTP/1.1 servers (measured in bench/fetch); libcurl still multiplexes
        // onto an HTTP/2 connection that is already up.
        try easy.setPreferMultiplexing(false)
        try easy.setHeaders(Self.headerLines(for: request))
    }

    /// The request headers: feed formats first in Accept, the validators, then the feed's own headers.
    static func headerLines(for request: FetchRequest) -> [String] {
        var lines = [acceptLine]
        if let etag = request.etag, !etag.isEmpty, request.headers.isEmpty || !overrides("If-None-Match", request) {
            lines.append("If-None-Match: " + clean(etag))
        }
        if let lastModified = request.lastModified, !lastModified.isEmpty,
            request.headers.isEmpty || !overrides("If-Modified-Since", request)
        {
            lines.append("If-Modified-Since: " + clean(lastModified))
        }
        if !request.headers.isEmpty {
            if overrides("Accept", request) { lines.removeFirst() }
            for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
                // "Name;" is libcurl's way to send a header with an empty value.
                lines.append(value.isEmpty ? clean(name) + ";" : clean(name) + ": " + clean(value))
            }
        }
        return lines
    }

    private static let acceptLine =
        "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"

    /// Whether the feed's own headers replace the default `name`.
    private static func overrides(_ name: String, _ request: FetchRequest) -> Bool {
        request.headers.keys.contains { $0.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// No CR or LF may reach the wire: a header value from the config cannot inject another header.
    private static func clean(_ text: String) -> String {
        text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) ? text.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" } : text
    }

    // MARK: CurlTransferDelegate (called on the driver thread, inside CurlMulti.perform)

    func curlTransfer(receivedBody bytes: UnsafeRawBufferPointer) -> Bool {
        // The cap applies to decoded bytes, so a gzip bomb or an endless chunked body stops here.
        if body.count + bytes.count > submission.request.maxBodyBytes {
            exceededCap = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func curlTransfer(receivedHeaderLine bytes: UnsafeRawBufferPointer) -> Bool {
        head.consume(line: bytes)
        return true
    }

    func curlTransfer(mayConnectTo address: SocketAddress) -> Bool {
        // The effective URL is the hop being connected for (libcurl updates it before following).
        let hop = easy.effectiveURL.flatMap(CurlURL.init)
        if let refused = policy.refusal(connectingTo: address, for: hop) {
            refusal = refused
            return false
        }
        return true
    }
}
