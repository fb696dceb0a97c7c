import Foundation

/// Settings shared by every fetch of one `Fetcher`.
public struct FetcherConfiguration: Sendable {
    /// The most transfers in flight at once, over all hosts.
    public var maxConcurrentTransfers: Int = 64
    /// The most transfers in flight at once to one `host:port` (politeness toward each server).
    public var maxTransfersPerHost: Int = 2
    /// Seconds allowed to establish a connection (DNS, TCP and TLS).
    public var connectTimeout: TimeInterval = 15
    /// Seconds allowed for a whole transfer, redirects included.
    public var totalTimeout: TimeInterval = 60
    /// A transfer slower than this many bytes a second for `lowSpeedTime` is aborted (stalled bodies).
    public var lowSpeedLimit: Int = 16
    /// See `lowSpeedLimit`.
    public var lowSpeedTime: TimeInterval = 20
    /// The most redirects followed.
    public var maxRedirects: Int = 5
    /// The User-Agent header.
    public var userAgent: String = FetcherConfiguration.userAgent(version: "0.1.0")
    /// A proxy URL; `nil` uses the environment (`http_proxy`, `https_proxy`, `all_proxy`, `no_proxy`).
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
