// FeedwatchFetch: stage ① of the pipeline, conditional GET over libcurl's multi interface.
// Inputs: a `FetchRequest` (URL, stored validators, per-feed permissions and caps).
// Outputs: a `FetchResponse` (body, new validators, a permanent move, cache lifetime) or a typed
// `FetchError` naming the URL, classified as temporary (retry later) or permanent.
// Invariants: one multi handle and one driver thread per `Fetcher`; only http and https, also after
// redirects; no connection to a private, loopback or link-local address unless the request allows
// it, checked on the address libcurl really connects to; the decoded body never exceeds the cap.
import Foundation

/// One URL to fetch, with what the store remembers about it and what its feed permits.
public struct FetchRequest: Sendable {
    /// The URL to fetch (http or https).
    public var url: String
    /// The ETag from the last successful fetch, sent back as `If-None-Match`.
    public var etag: String?
    /// The Last-Modified from the last successful fetch, sent back as `If-Modified-Since`.
    public var lastModified: String?
    /// Destinations (`host` or `host:port`) permitted even when they are private or loopback addresses.
    public var allowedHosts: Set<String>
    /// Whether this feed may reach any private, loopback or link-local address (`allow_private` in feeds.yml).
    public var allowPrivate: Bool
    /// The most decoded body bytes accepted; larger bodies fail as `tooLarge`.
    public var maxBodyBytes: Int
    /// Extra request headers (per feed), added after and overriding the defaults.
    public var headers: [String: String]
    /// This feed's proxy: a URL, `""` to connect directly, `nil` for the fetcher's (`FetcherConfiguration.proxy`).
    public var proxy: String?
    /// This feed's time limits; `nil` for the fetcher's (`FetcherConfiguration.timeouts`).
    public var timeouts: FetchTimeouts?

    /// Creates a request; only `url` is required.
    public init(
        url: String, etag: String? = nil, lastModified: String? = nil, allowedHosts: Set<String> = [],
        allowPrivate: Bool = false, maxBodyBytes: Int = 10 << 20, headers: [String: String] = [:],
        proxy: String? = nil, timeouts: FetchTimeouts? = nil
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.allowedHosts = allowedHosts
        self.allowPrivate = allowPrivate
        self.maxBodyBytes = maxBodyBytes
        self.headers = headers
        self.proxy = proxy
        self.timeouts = timeouts
    }
}
