import FeedwatchCurl
import Foundation

/// One fetch: its request, its easy handle, and what libcurl's callbacks have delivered.
///
/// Owned by one thread at a time, handed over, never shared (hence `@unchecked Sendable`): the
/// fetching task creates it and sets every option (work kept off the driver thread, which every
/// transfer of the fetcher goes through); from `TransferDriver.submit` until the driver resumes
/// `continuation`, the driver thread alone touches it (libcurl's callbacks included); after that the
/// task again, which reads the outcome and frees the handle (detached from the multi handle by then,
/// so libcurl allows it on any thread). The lock of `submit` and the continuation's resumption order
/// the hand-overs.
final class Transfer: CurlTransferDelegate, @unchecked Sendable {
    /// The fetch's id (cancellation names it).
    let id: UInt64
    let request: FetchRequest
    /// `host:port` of the requested URL, for the per-host limit.
    let hostKey: String
    let easy: CurlEasy
    private let policy: DestinationPolicy
    /// Resumed by the driver thread once, when the transfer ended or will not run.
    var continuation: CheckedContinuation<TransferEnd, Never>?
    private(set) var body = Data()
    private(set) var head = ResponseHead()
    /// Set when the body reached the cap and the write callback stopped the transfer.
    private(set) var exceededCap = false
    /// Set when the connection check refused an address.
    private(set) var refusal: Refusal?

    init(
        id: UInt64, request: FetchRequest, hostKey: String, proxyAddresses: Set<SocketAddress>,
        configuration: FetcherConfiguration, easy: CurlEasy
    ) throws(CurlError) {
        self.id = id
        self.request = request
        self.hostKey = hostKey
        policy = DestinationPolicy(request: request, proxyAddresses: proxyAddresses)
        self.easy = easy
        easy.delegate = self
        try easy.setURL(request.url)
        try easy.setProtocols(list: "http,https", redirects: "http,https")
        try easy.setRedirects(maximum: configuration.maxRedirects)
        let timeouts = request.timeouts ?? configuration.timeouts
        try easy.setTimeouts(
            connect: timeouts.connectSeconds, total: timeouts.totalSeconds,
            lowSpeedLimit: timeouts.lowSpeedBytesPerSecond, lowSpeedTime: timeouts.lowSpeedSeconds)
        try easy.setUserAgent(configuration.userAgent)
        try easy.setAcceptEncoding(list: CurlLibrary.acceptEncodingList)
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
        // Looked for in the UTF-8 bytes (a CR or LF byte is never part of another scalar's encoding):
        // comparing Characters cost more than the rest of building the request's headers.
        guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else { return text }
        return text.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" }
    }

    // MARK: CurlTransferDelegate (called on the driver thread, inside CurlMulti.perform)

    func curlTransfer(receivedBody bytes: UnsafeRawBufferPointer) -> Bool {
        // The cap applies to decoded bytes, so a gzip bomb or an endless chunked body stops here.
        if body.count + bytes.count > request.maxBodyBytes {
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
        // Nothing to check (and no URL to parse) for a feed that may reach any address.
        if policy.allowPrivate { return true }
        // The effective URL is the hop being connected for (libcurl updates it before following).
        let hop = easy.effectiveURL.flatMap { CurlURL($0) }
        if let refused = policy.refusal(connectingTo: address, for: hop) {
            refusal = refused
            return false
        }
        return true
    }
}

/// How a submitted transfer ended, as the driver thread reports it to the fetching task.
enum TransferEnd: Sendable {
    /// libcurl finished it (successfully or not) at `time`; the transfer holds what arrived. The
    /// time is taken when the transfer ends, not when the task gets to it: an HTTP-date Retry-After
    /// or Expires counts from the response's arrival, however busy the task's thread is.
    case completed(CurlResult, at: Date)
    /// The task was cancelled or the fetcher shut down before it ended.
    case cancelled
    /// The multi handle would not take it.
    case notStarted(CurlError)
}
