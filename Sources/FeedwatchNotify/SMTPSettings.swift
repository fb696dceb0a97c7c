import FeedwatchModel
import Foundation

/// Where and how to send email: the daemon fills this from `notify.email` in feeds.yml.
public struct SMTPSettings: Sendable, Hashable {
    /// `smtp://host[:port]` (STARTTLS when `requireTLS`) or `smtps://host[:port]` (TLS from the start).
    public var url: String
    /// AUTH user name, nil for no AUTH.
    public var username: String?
    /// AUTH password (read from a file by the daemon, never kept in feeds.yml).
    public var password: String?
    /// The sender, also the envelope MAIL FROM.
    public var from: EmailAddress
    /// The recipients, also the envelope RCPT TO.
    public var to: [EmailAddress]
    /// With `smtp://`, refuse to send unless STARTTLS succeeds (libcurl's CURLUSESSL_ALL).
    public var requireTLS: Bool
    /// A CA bundle to trust instead of the system's; certificate and host checks stay on.
    public var caFile: String?
    /// The zone times are shown in.
    public var timeZone: TimeZone
    /// The List-Id namespace and the List-Unsubscribe URIs (`notify.email.list_id`, `unsubscribe`).
    public var list: ListHeaders
    /// Seconds to connect.
    public var connectTimeout: Int
    /// Seconds for the whole transaction.
    public var timeout: Int

    /// Creates SMTP settings.
    public init(
        url: String, username: String? = nil, password: String? = nil, from: EmailAddress, to: [EmailAddress],
        requireTLS: Bool = true, caFile: String? = nil, timeZone: TimeZone = .gmt, list: ListHeaders = ListHeaders(),
        connectTimeout: Int = 15, timeout: Int = 60
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.from = from
        self.to = to
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.timeZone = timeZone
        self.list = list
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// The URL without user information, for messages.
    var displayURL: String { URLRedaction.redacted(url) }
}

/// Removes credentials from URLs before they appear in errors or logs.
enum URLRedaction {
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return FeedText.singleLine(url) }
        components.user = nil
        components.password = nil
        components.query = components.query == nil ? nil : "…"
        return components.string ?? FeedText.singleLine(url)
    }
}
