import Foundation

/// The class of a failed fetch.
public enum FetchErrorKind: String, Sendable, Equatable, CaseIterable {
    /// The URL could not be parsed.
    case invalidURL = "invalid_url"
    /// The URL's scheme is not http or https.
    case unsupportedScheme = "unsupported_scheme"
    /// The host name did not resolve.
    case dns
    /// No connection could be made.
    case connect
    /// The TLS handshake or certificate check failed.
    case tls
    /// A connect, total or low-speed timeout expired.
    case timeout
    /// The server answered with an error status.
    case httpStatus = "http_status"
    /// The decoded body exceeded the cap.
    case tooLarge = "too_large"
    /// Refused by policy: a private, loopback or link-local destination that was not allowed.
    case refused
    /// Too many redirects, or a redirect to a scheme other than http and https.
    case redirect
    /// The server's reply was not valid HTTP, was cut short, or the connection was reset.
    case `protocol`
    /// The awaiting task was cancelled.
    case cancelled
    /// Anything else libcurl reported.
    case other
}

/// Why a fetch failed, naming the URL; for refusals the message says how to allow the destination.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    /// The class of failure.
    public var kind: FetchErrorKind
    /// One line naming the URL and what went wrong.
    public var message: String
    /// The HTTP status, for `httpStatus`.
    public var status: Int?
    /// How long the server asked us to wait (429/503 Retry-After), capped.
    public var retryAfterSeconds: Int?
    /// Whether retrying later may succeed (exit 75) rather than not (exit 69).
    public var isTemporary: Bool
    /// The URL that was requested.
    public var url: String

    /// Creates an error value.
    public init(
        kind: FetchErrorKind, message: String, url: String, status: Int? = nil, retryAfterSeconds: Int? = nil,
        isTemporary: Bool
    ) {
        self.kind = kind
        self.message = message
        self.url = url
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.isTemporary = isTemporary
    }

    /// The message.
    public var description: String { message }

    /// Whether the server said the feed is gone for good (HTTP 410): stop polling it.
    public var isGone: Bool { status == 410 }
}
