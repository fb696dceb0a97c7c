import Foundation

/// Settings shared by every fetch of one `Fetcher`.
public struct FetcherConfiguration: Sendable {
    /// The most transfers in flight at once, over all hosts.
    public var maxConcurrentTransfers: Int = 64
    /// The most transfers in flight at once to one `host:port` (politeness toward each server).
    public var maxTransfersPerHost: Int = 2
    /// The time limits of a transfer whose request names none of its own.
    public var timeouts = FetchTimeouts()
    /// The most redirects followed.
    public var maxRedirects: Int = 5
    /// The User-Agent header.
    public var userAgent: String = FetcherConfiguration.userAgent(version: "0.1.0")
    /// The proxy of a request that names none of its own: a URL (`http://`, `https://`, `socks5h://`...),
    /// `""` for none, `nil` for what the environment says (`http_proxy`, `https_proxy`, `all_proxy`,
    /// `no_proxy`, read by libcurl).
    public var proxy: String?
    /// The longest Retry-After honoured, in seconds (a server cannot silence a feed for longer).
    public var maxRetryAfterSeconds: Int = RetryPolicy.defaultCapSeconds

    /// The default settings.
    public init() {}

    /// feedwatch's User-Agent for a version: who we are and where to read about us.
    public static func userAgent(version: String) -> String {
        "feedwatch/\(version) (+https://github.com/feedwatch/feedwatch)"
    }
}
