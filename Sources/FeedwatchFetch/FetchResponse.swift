import Foundation

/// What a successful fetch (2xx, or 304 Not Modified) returned.
public struct FetchResponse: Sendable {
    /// The URL that was requested.
    public var url: String
    /// The URL of the last request, after redirects.
    public var finalURL: String
    /// The final HTTP status.
    public var status: Int
    /// Whether the server answered 304: the stored copy is current and `body` is empty.
    public var isNotModified: Bool
    /// The validator to send next time (the request's own when a 304 did not repeat it).
    public var etag: String?
    /// The Last-Modified to send next time (the request's own when a 304 did not repeat it).
    public var lastModified: String?
    /// The Content-Type of the final response.
    public var contentType: String?
    /// The decoded body.
    public var body: Data
    /// The new URL when every redirect on the way was permanent (301 or 308); `nil` otherwise.
    public var permanentRedirect: String?
    /// How long the server says the response stays fresh (Cache-Control max-age, else Expires).
    public var maxAgeSeconds: Int?

    /// Creates a response value.
    public init(
        url: String, finalURL: String, status: Int, isNotModified: Bool, etag: String?, lastModified: String?,
        contentType: String?, body: Data, permanentRedirect: String?, maxAgeSeconds: Int?
    ) {
        self.url = url
        self.finalURL = finalURL
        self.status = status
        self.isNotModified = isNotModified
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.body = body
        self.permanentRedirect = permanentRedirect
        self.maxAgeSeconds = maxAgeSeconds
    }
}
