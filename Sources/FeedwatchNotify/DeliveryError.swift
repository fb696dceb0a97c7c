import FeedwatchModel
/// Why a delivery failed, and whether trying again later can help.
///
/// Permanent: the server refused for good (SMTP 5xx, HTTP 4xx other than 408/429), or the setup is
/// wrong (bad URL, STARTTLS required but not offered, certificate rejected): the outbox marks the
/// alert failed and status shows it. Temporary: SMTP 4xx, HTTP 5xx/408/429, connection refused,
/// timeouts, DNS: the outbox retries with backoff.
public struct DeliveryError: Error, Hashable, CustomStringConvertible {
    /// Whether a retry can succeed.
    public enum Kind: String, Sendable, Hashable {
        /// Retry later.
        case temporary
        /// Do not retry; report.
        case permanent
    }

    /// Whether a retry can succeed.
    public var kind: Kind
    /// The channel: `email` or `webhook`.
    public var channel: String
    /// The server or URL it went to, without credentials.
    public var target: String
    /// What went wrong, one line.
    public var message: String
    /// The SMTP reply code or HTTP status, when the server answered.
    public var responseCode: Int?

    /// Creates a delivery error.
    public init(kind: Kind, channel: String = "", target: String = "", message: String, responseCode: Int? = nil) {
        self.kind = kind
        self.channel = channel
        self.target = target
        self.message = FeedText.singleLine(message)
        self.responseCode = responseCode
    }

    /// True when retrying cannot help.
    public var isPermanent: Bool { kind == .permanent }

    /// `email to smtp://host:25: permanent: 550 ...`.
    public var description: String {
        let place = [channel, target.isEmpty ? "" : "to \(target)"].filter { !$0.isEmpty }.joined(separator: " ")
        return (place.isEmpty ? "" : place + ": ") + "\(kind.rawValue): \(message)"
    }
}
