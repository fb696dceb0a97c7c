import CCurl

/// The parts of a URL as libcurl itself reads them (the same parser the transfer will use, so a
/// check made on these parts cannot disagree with where libcurl goes).
public struct CurlURL: Sendable, Equatable {
    /// The scheme, lowercased (`http`).
    public let scheme: String
    /// The host as libcurl normalizes it (IPv4 numbers in dotted form, IPv6 in brackets, lowercased).
    public let host: String
    /// The port, explicit or the scheme's default.
    public let port: Int
    /// The port written in the URL, if any.
    public let explicitPort: Int?

    /// Parses `text`; `nil` when libcurl cannot read it as a URL (`host` is empty when it has none).
    ///
    /// The common spelling of a feed's URL, `http(s)://name[:port]` then plain path characters, is
    /// read from its bytes (`PlainHTTPURL`); libcurl reads any other. Both give the same parts: a test
    /// compares them on thousands of spellings.
    public init?(_ text: String) {
        if let plain = PlainHTTPURL.parts(text) {
            self.init(scheme: plain.scheme, host: plain.host, port: plain.port, explicitPort: plain.explicitPort)
            return
        }
        self.init(parsedByCurl: text)
    }

    private init(scheme: String, host: String, port: Int, explicitPort: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.explicitPort = explicitPort
    }

    /// `init(_:)` through libcurl's URL parser alone (the reference for `PlainHTTPURL`).
    public init?(parsedByCurl text: String) {
        CurlLibrary.initialize()
        guard let url = curl_url() else { return nil }
        defer { curl_url_cleanup(url) }
        // CURLU_NON_SUPPORT_SCHEME: parse schemes this libcurl does not speak too, so the caller
        // can refuse them by name instead of getting a generic parse failure.
        guard curl_url_set(url, CURLUPART_URL, text, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK,
            let scheme = Self.part(url, CURLUPART_SCHEME, flags: 0)
        else { return nil }
        self.scheme = scheme.lowercased()
        // A file: URL has no host; the caller refuses it by scheme.
        host = Self.part(url, CURLUPART_HOST, flags: 0)?.lowercased() ?? ""
        explicitPort = Self.part(url, CURLUPART_PORT, flags: 0).flatMap { Int($0) }
        // http and https defaults without asking libcurl once more: its default-port answer is
        // formatted with its own printf (about 800 instructions a fetch, callgrind).
        switch (explicitPort, self.scheme) {
        case (let written?, _): port = written
        case (nil, "http"): port = 80
        case (nil, "https"): port = 443
        default: port = Self.part(url, CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)).flatMap { Int($0) } ?? 0
        }
    }

    /// `host:port` as a key (for per-host limits and allow lists).
    public var hostAndPort: String { "\(host):\(port)" }

    private static func part(_ url: OpaquePointer, _ part: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(url, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
