// FeedwatchConfig: feeds.yml → a validated `Configuration`.
//
// Input: the text of a YAML file and its path. Output: a `Configuration` value, or every problem
// found, each naming FILE:LINE:COLUMN and the key. Unknown keys are errors (a typo must not silently
// turn a setting off). Queries are not compiled here: the composer (CLI, daemon) hands them to the
// classifier and places its errors with `Configuration.queryLocations`.
import Foundation
import FeedwatchModel

/// A validated feedwatch configuration.
public struct Configuration: Sendable {
    /// The file it was read from.
    public var path: String
    /// Global settings.
    public var settings: Settings
    /// Notification channels.
    public var notify: NotifySettings
    /// The feeds to watch, in file order.
    public var feeds: [FeedSettings]
    /// The topics, in file order.
    public var topics: [TopicDefinition]
    /// Where each topic's query text starts in the file (by topic name), to place query errors.
    public var queryLocations: [String: QueryLocation]

    /// Creates a configuration (tests and defaults; files go through `ConfigurationLoader`).
    public init(
        path: String, settings: Settings = Settings(), notify: NotifySettings = NotifySettings(),
        feeds: [FeedSettings] = [], topics: [TopicDefinition] = [], queryLocations: [String: QueryLocation] = [:]
    ) {
        self.path = path
        self.settings = settings
        self.notify = notify
        self.feeds = feeds
        self.topics = topics
        self.queryLocations = queryLocations
    }
}

/// Where a query's text sits in the configuration file.
public struct QueryLocation: Sendable, Hashable {
    /// 1-based line of the query's first character.
    public var line: Int
    /// 1-based column of the query's first character.
    public var column: Int
    /// Whether the scalar is on one line, so a character offset maps to `column + offset`.
    public var isSingleLine: Bool

    /// Creates a query location.
    public init(line: Int, column: Int, isSingleLine: Bool) {
        self.line = line
        self.column = column
        self.isSingleLine = isSingleLine
    }

    /// The file position of the query's `offset`-th character (best effort for multi-line scalars).
    public func position(ofOffset offset: Int) -> (line: Int, column: Int) {
        isSingleLine ? (line, column + offset) : (line, column)
    }
}

/// Global settings (`settings:` in feeds.yml).
public struct Settings: Sendable, Hashable {
    /// Default seconds between polls of a feed.
    public var interval: TimeInterval = 30 * 60
    /// On a feed's first fetch, only items published within this many seconds may alert.
    public var catchup: TimeInterval = 24 * 60 * 60
    /// The user's time zone, for the digest and quiet hours.
    public var timeZone: TimeZone = TimeZone(identifier: "UTC")!
    /// Local time of day (hour, minute) at which the previous day's digest is built.
    public var digestHour: Int = 7
    /// Minute of `digestHour`.
    public var digestMinute: Int = 0
    /// Where the database and digests live; nil means the default (see `StateDirectory`).
    public var stateDirectory: String?
    /// Largest decoded body accepted from a feed, in bytes.
    public var maxBodyBytes: Int = 10 << 20
    /// Transfers in flight at once, over all hosts.
    public var concurrency: Int = 32
    /// Transfers in flight at once to one host.
    public var perHost: Int = 2
    /// Days an item's fields are kept (its key is kept longer, so it is still recognised).
    public var retentionDays: Int = 90
    /// The proxy of feeds that name none; `nil` means the environment's (`https_proxy`...).
    public var proxy: ProxySetting?
    /// Time limits of transfers, for feeds that do not set their own.
    public var timeouts = TimeoutSettings()

    /// Default settings.
    public init() {}
}

/// One feed entry of `feeds:`.
public struct FeedSettings: Sendable, Hashable {
    /// The feed's URL.
    public var url: String
    /// A display name; defaults to the URL.
    public var name: String
    /// Seconds between polls; nil means the global interval.
    public var interval: TimeInterval?
    /// The language of the feed's items when the feed does not say.
    public var language: String?
    /// Permit a loopback/private destination for this feed.
    public var allowPrivate: Bool
    /// Largest decoded body accepted; nil means the global cap.
    public var maxBodyBytes: Int?
    /// Extra request headers.
    public var headers: [String: String]
    /// This feed's proxy; `nil` means the global `settings.proxy`.
    public var proxy: ProxySetting?
    /// This feed's time limits; fields left out come from `settings.timeout`.
    public var timeouts: TimeoutSettings
    /// Line of the entry in the file, for messages.
    public var line: Int

    /// Creates feed settings.
    public init(
        url: String, name: String? = nil, interval: TimeInterval? = nil, language: String? = nil,
        allowPrivate: Bool = false, maxBodyBytes: Int? = nil, headers: [String: String] = [:],
        proxy: ProxySetting? = nil, timeouts: TimeoutSettings = TimeoutSettings(), line: Int = 0
    ) {
        self.url = url
        self.name = name ?? url
        self.interval = interval
        self.language = language
        self.allowPrivate = allowPrivate
        self.maxBodyBytes = maxBodyBytes
        self.headers = headers
        self.proxy = proxy
        self.timeouts = timeouts
        self.line = line
    }

    /// The feed as the classifier sees it.
    public var context: FeedContext { FeedContext(name: name, url: url, language: language) }
}

/// Notification channels (`notify:`).
public struct NotifySettings: Sendable, Hashable {
    /// Log one line per alert (journald under systemd).
    public var log: Bool = true
    /// Email delivery, when configured.
    public var email: EmailSettings?
    /// Webhook delivery, when configured.
    public var webhook: WebhookSettings?
    /// The window of `batched` topics that set none (`notify.batch`), seconds.
    public var batchWindow: TimeInterval = NotifySettings.defaultBatchWindow
    /// The hourly cap of topics that set none (`notify.max_per_hour`); nil means no cap.
    public var maxPerHour: Int?
    /// When nothing is sent (`notify.quiet_hours`), in `settings.timezone`.
    public var quietHours: QuietHoursSetting?
    /// Each topic's own `batch` and `max_per_hour`, by topic name.
    public var topicVolumes: [String: TopicVolumeKeys] = [:]

    /// 15 minutes: the batch window when neither the topic nor `notify.batch` sets one.
    public static let defaultBatchWindow: TimeInterval = 15 * 60

    /// Default: log only.
    public init(log: Bool = true, email: EmailSettings? = nil, webhook: WebhookSettings? = nil) {
        self.log = log
        self.email = email
        self.webhook = webhook
    }
}

/// SMTP settings (`notify.email`).
public struct EmailSettings: Sendable, Hashable {
    /// `smtp://host:port` or `smtps://host:port`.
    public var smtpURL: String
    /// AUTH user name.
    public var username: String?
    /// File holding the AUTH password (kept out of feeds.yml).
    public var passwordFile: String?
    /// The From address (may carry a display name).
    public var from: String
    /// Recipients.
    public var to: [String]
    /// Refuse to send over smtp:// unless STARTTLS succeeds.
    public var requireTLS: Bool
    /// `mailto:` and `https:` URIs for the List-Unsubscribe header (RFC 2369), validated.
    public var unsubscribe: [String] = []
    /// The namespace of the List-Id header (RFC 2919), e.g. `alerts.example.org`; nil means
    /// `feedwatch.` and the sender's domain.
    public var listID: String?

    /// Creates email settings.
    public init(
        smtpURL: String, username: String? = nil, passwordFile: String? = nil, from: String, to: [String],
        requireTLS: Bool = true
    ) {
        self.smtpURL = smtpURL
        self.username = username
        self.passwordFile = passwordFile
        self.from = from
        self.to = to
        self.requireTLS = requireTLS
    }
}

/// Webhook settings (`notify.webhook`).
public struct WebhookSettings: Sendable, Hashable {
    /// Where alerts are POSTed.
    public var url: String
    /// File holding the HMAC secret.
    public var secretFile: String?
    /// Payload shape: `feedwatch` (default), `ntfy`, `slack` or `discord`.
    public var template: String

    /// Creates webhook settings.
    public init(url: String, secretFile: String? = nil, template: String = "feedwatch") {
        self.url = url
        self.secretFile = secretFile
        self.template = template
    }
}
