import Foundation
import FeedwatchModel
import Yams

/// Reads feeds.yml into a `Configuration`, collecting every problem with its position.
public struct ConfigurationLoader: Sendable {
    /// Creates a loader.
    public init() {}

    /// Reads and validates the file at `path`.
    public func load(path: String) throws(ConfigurationError) -> Configuration {
        try load(path: path, whenTopicsRead: { _ in })
    }

    /// `load(path:)`, handing `whenTopicsRead` the configuration's path, settings, notify and topics
    /// (no feeds yet) as soon as they are read, before the feeds: `feedwatch run` checks the queries
    /// meanwhile on another core (docs/performance.md, "Fetcher, session 8"). It is called at most
    /// once, also for a file with problems (which `load` then throws).
    public func load(path: String, whenTopicsRead: (Configuration) -> Void) throws(ConfigurationError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(
                issues: [ConfigurationIssue(path: path, line: 0, column: 0,
                    message: "cannot read the configuration file; check the path or pass --config FILE")],
                isUnreadable: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(issues: [ConfigurationIssue(path: path, line: 1, column: 1,
                message: "the file is not UTF-8 text")])
        }
        return try load(text: text, path: path, whenTopicsRead: whenTopicsRead)
    }

    /// Validates configuration text; `path` is used in messages only.
    public func load(text: String, path: String) throws(ConfigurationError) -> Configuration {
        try load(text: text, path: path, whenTopicsRead: { _ in })
    }

    /// `load(text:path:)` with `whenTopicsRead` as in `load(path:whenTopicsRead:)`.
    public func load(text: String, path: String, whenTopicsRead: (Configuration) -> Void) throws(ConfigurationError)
        -> Configuration
    {
        var reader = NodeReader(path: path)
        let root: Node?
        do {
            // The basic resolver: feedwatch reads every scalar as text and converts it itself (`node.int`,
            // `node.bool`, durations), so the default resolver's regular expressions (compiled on
            // first use, ICU) would only cost start-up time.
            // Our composer builds the same tree at a fraction of the cost (EventComposer.swift); what
            // it leaves (syntax errors among them, so their messages stay Yams') goes to Yams.
            if let composed = EventComposer.compose(text, resolver: .basic) {
                root = composed
            } else {
                root = try Yams.compose(yaml: text, Resolver.basic)
            }
        } catch {
            throw ConfigurationError(issues: [reader.issue(forYAMLError: error)])
        }
        guard let root else {
            throw ConfigurationError(issues: [ConfigurationIssue(path: path, line: 1, column: 1,
                message: "the file is empty; it needs at least `feeds:` and `topics:`")])
        }
        let configuration = reader.readConfiguration(root, whenTopicsRead: whenTopicsRead)
        if !reader.issues.isEmpty {
            throw ConfigurationError(issues: reader.issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return configuration
    }
}

/// Walks the YAML node tree, converting values and recording issues instead of stopping at the first.
struct NodeReader {
    let path: String
    var issues: [ConfigurationIssue] = []
    /// Where each topic's `channels` list is, to report a channel that `notify` does not configure.
    var channelNodes: [String: Node] = [:]
    /// Each topic's own `batch` and `max_per_hour` (see ConfigurationLoader+Volume.swift).
    var topicVolumes: [String: TopicVolumeKeys] = [:]

    init(path: String) { self.path = path }

    mutating func report(_ node: Node?, _ message: String) {
        let mark = node?.mark
        issues.append(ConfigurationIssue(path: path, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    func issue(forYAMLError error: Error) -> ConfigurationIssue {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                return ConfigurationIssue(path: path, line: mark.line, column: mark.column,
                    message: "YAML syntax: \(problem)")
            default:
                break
            }
        }
        return ConfigurationIssue(path: path, line: 1, column: 1, message: "YAML syntax: \(error)")
    }

    // MARK: - Top level

    static let topLevelKeys = ["settings", "notify", "feeds", "topics"]

    mutating func readConfiguration(_ root: Node, whenTopicsRead: (Configuration) -> Void = { _ in }) -> Configuration {
        var configuration = Configuration(path: path)
        guard let mapping = mapping(root, key: "the top level") else { return configuration }
        checkKeys(mapping, allowed: Self.topLevelKeys, context: "the top level")
        if let node = mapping.value("settings") { configuration.settings = readSettings(node) }
        if let node = mapping.value("notify") { configuration.notify = readNotify(node) }
        // The topics are read before the feeds, for `whenTopicsRead`; their problems are set aside
        // and reported after the feeds', in the order they always had.
        let topicsNode = mapping.value("topics")
        var topicIssues: [ConfigurationIssue] = []
        if let node = topicsNode {
            let before = issues.count
            (configuration.topics, configuration.queryLocations) = readTopics(node)
            configuration.notify.topicVolumes = topicVolumes
            topicIssues = Array(issues[before...])
            issues.removeSubrange(before...)
            whenTopicsRead(configuration)
        }
        if let node = mapping.value("feeds") {
            configuration.feeds = readFeeds(node, settings: configuration.settings)
        } else {
            report(root, "missing key `feeds`: list the feeds to watch (a URL or a map with `url`)")
        }
        if topicsNode != nil {
            issues.append(contentsOf: topicIssues)
            checkTopicChannels(configuration)
        } else {
            report(root, "missing key `topics`: map each topic name to a map with `query`")
        }
        return configuration
    }

    // MARK: - settings

    static let settingsKeys = [
        "interval", "catchup", "timezone", "digest_time", "state_dir", "max_body", "concurrency", "per_host",
        "retention", "proxy", "timeout",
    ]

    mutating func readSettings(_ node: Node) -> Settings {
        var settings = Settings()
        guard let mapping = mapping(node, key: "settings") else { return settings }
        checkKeys(mapping, allowed: Self.settingsKeys, context: "settings")
        if let value = mapping.value("interval"), let seconds = duration(value, key: "settings.interval") {
            settings.interval = seconds
        }
        if let value = mapping.value("catchup"), let seconds = duration(value, key: "settings.catchup", allowZero: true) {
            settings.catchup = seconds
        }
        if let value = mapping.value("timezone"), let name = string(value, key: "settings.timezone") {
            if let zone = TimeZone(identifier: name) {
                settings.timeZone = zone
            } else {
                report(value, "settings.timezone: unknown time zone '\(name)'; use an IANA name such as America/Guayaquil")
            }
        }
        if let value = mapping.value("digest_time"), let text = string(value, key: "settings.digest_time") {
            let parts = text.split(separator: ":").map { Int($0) }
            if parts.count == 2, let hour = parts[0], let minute = parts[1], (0..<24).contains(hour),
                (0..<60).contains(minute)
            {
                settings.digestHour = hour
                settings.digestMinute = minute
            } else {
                report(value, "settings.digest_time: '\(text)' is not a time of day; write HH:MM, e.g. \"07:00\"")
            }
        }
        if let value = mapping.value("state_dir"), let text = string(value, key: "settings.state_dir") {
            settings.stateDirectory = (text as NSString).expandingTildeInPath
        }
        if let value = mapping.value("max_body"), let bytes = byteSize(value, key: "settings.max_body") {
            settings.maxBodyBytes = bytes
        }
        if let value = mapping.value("concurrency"), let count = positiveInteger(value, key: "settings.concurrency") {
            settings.concurrency = count
        }
        if let value = mapping.value("per_host"), let count = positiveInteger(value, key: "settings.per_host") {
            settings.perHost = count
        }
        if let value = mapping.value("retention"), let seconds = duration(value, key: "settings.retention") {
            settings.retentionDays = max(1, Int(seconds / 86_400))
        }
        if let value = mapping.value("proxy") { settings.proxy = proxy(value, key: "settings.proxy") }
        if let value = mapping.value("timeout") { settings.timeouts = timeouts(value, key: "settings.timeout") }
        return settings
    }

    // MARK: - proxy and timeouts (settings and feeds)

    /// A proxy URL whose scheme libcurl speaks and that names a host, or `none`.
    mutating func proxy(_ node: Node, key: @autoclosure () -> String) -> ProxySetting? {
        guard let text = string(node, key: key()) else { return nil }
        if text == "none" { return .direct }
        let schemes = ProxySetting.schemes.joined(separator: ", ")
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            report(node, "\(key()): '\(text)' is not a proxy URL; write e.g. http://proxy.example.org:3128, "
                + "socks5h://127.0.0.1:1080, or none to connect directly")
            return nil
        }
        guard ProxySetting.schemes.contains(scheme) else {
            report(node, "\(key()): unsupported proxy scheme '\(scheme)'; use one of \(schemes)")
            return nil
        }
        guard let host = components.host, !host.isEmpty else {
            report(node, "\(key()): '\(text)' names no host; write e.g. \(scheme)://proxy.example.org:3128")
            return nil
        }
        if !(components.path.isEmpty || components.path == "/") || components.query != nil || components.fragment != nil {
            report(node, "\(key()): '\(text)': a proxy URL is scheme://host:port only (no path or query)")
            return nil
        }
        return .url(text)
    }

    static let timeoutKeys = ["connect", "total", "low_speed", "low_speed_limit"]

    /// `timeout: 30s` (the total) or a map of `connect`, `total`, `low_speed` (durations) and
    /// `low_speed_limit` (bytes a second).
    mutating func timeouts(_ node: Node, key: @autoclosure () -> String) -> TimeoutSettings {
        var timeouts = TimeoutSettings()
        if node.scalar != nil {
            timeouts.total = duration(node, key: key())
            return timeouts
        }
        guard let mapping = node.mapping else {
            report(node, "\(key()): expected a duration (the total) or a map with connect, total, low_speed, low_speed_limit")
            return timeouts
        }
        checkKeys(mapping, allowed: Self.timeoutKeys, context: key())
        if let value = mapping.value("connect") { timeouts.connect = duration(value, key: "\(key()).connect") }
        if let value = mapping.value("total") { timeouts.total = duration(value, key: "\(key()).total") }
        if let value = mapping.value("low_speed") { timeouts.lowSpeedTime = duration(value, key: "\(key()).low_speed") }
        if let value = mapping.value("low_speed_limit") {
            timeouts.lowSpeedLimit = byteSize(value, key: "\(key()).low_speed_limit")
        }
        if let connect = timeouts.connect, let total = timeouts.total, connect > total, let value = mapping.value("connect") {
            report(value, "\(key()).connect: \(Int(connect)) s is longer than the total of \(Int(total)) s; "
                + "the total limits the connection too")
        }
        return timeouts
    }

    // MARK: - notify

    mutating func readNotify(_ node: Node) -> NotifySettings {
        var notify = NotifySettings()
        guard let mapping = mapping(node, key: "notify") else { return notify }
        checkKeys(mapping, allowed: Self.notifyKeys, context: "notify")
        if let value = mapping.value("log"), let flag = bool(value, key: "notify.log") { notify.log = flag }
        readVolumeDefaults(mapping, into: &notify)
        if let value = mapping.value("email") { notify.email = readEmail(value) }
        if let value = mapping.value("webhook") { notify.webhook = readWebhook(value) }
        return notify
    }

    mutating func readEmail(_ node: Node) -> EmailSettings? {
        guard let mapping = mapping(node, key: "notify.email") else { return nil }
        checkKeys(mapping, allowed: Self.emailKeys, context: "notify.email")
        guard let smtpNode = mapping.value("smtp"), let smtp = string(smtpNode, key: "notify.email.smtp") else {
            report(node, "notify.email: missing `smtp`, e.g. smtps://smtp.example.org:465")
            return nil
        }
        if !(smtp.hasPrefix("smtp://") || smtp.hasPrefix("smtps://")) {
            report(smtpNode, "notify.email.smtp: '\(smtp)' must start with smtp:// or smtps://")
        }
        guard let fromNode = mapping.value("from"), let from = string(fromNode, key: "notify.email.from") else {
            report(node, "notify.email: missing `from`, the sender address")
            return nil
        }
        var recipients: [String] = []
        if let toNode = mapping.value("to") {
            if toNode.scalar != nil, let one = string(toNode, key: "notify.email.to") {
                recipients = [one]
            } else if let list = toNode.sequence {
                recipients = list.compactMap { string($0, key: "notify.email.to") }
            }
        }
        if recipients.isEmpty { report(node, "notify.email: `to` needs at least one address") }
        var settings = EmailSettings(smtpURL: smtp, from: from, to: recipients)
        if let value = mapping.value("username") { settings.username = string(value, key: "notify.email.username") }
        if let value = mapping.value("password_file") {
            settings.passwordFile = string(value, key: "notify.email.password_file")
        }
        if let value = mapping.value("require_tls"), let flag = bool(value, key: "notify.email.require_tls") {
            settings.requireTLS = flag
        }
        readListHeaders(mapping, into: &settings)
        return settings
    }

    mutating func readWebhook(_ node: Node) -> WebhookSettings? {
        guard let mapping = mapping(node, key: "notify.webhook") else { return nil }
        checkKeys(mapping, allowed: ["url", "secret_file", "template"], context: "notify.webhook")
        guard let urlNode = mapping.value("url"), let url = string(urlNode, key: "notify.webhook.url") else {
            report(node, "notify.webhook: missing `url`")
            return nil
        }
        if !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            report(urlNode, "notify.webhook.url: '\(url)' must be an http:// or https:// URL")
        }
        var settings = WebhookSettings(url: url)
        if let value = mapping.value("secret_file") { settings.secretFile = string(value, key: "notify.webhook.secret_file") }
        if let value = mapping.value("template"), let name = string(value, key: "notify.webhook.template") {
            let known = ["feedwatch", "ntfy", "slack", "discord"]
            if known.contains(name) {
                settings.template = name
            } else {
                report(value, "notify.webhook.template: unknown '\(name)'; use one of \(known.joined(separator: ", "))")
            }
        }
        return settings
    }

    // MARK: - feeds

    static let feedKeys = [
        "url", "name", "interval", "language", "allow_private", "max_body", "headers", "proxy", "timeout",
    ]

    mutating func readFeeds(_ node: Node, settings: Settings) -> [FeedSettings] {
        guard let list = node.sequence else {
            if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return [] }
            report(node, "feeds: expected a list of feeds (lines starting with `- `)")
            return []
        }
        var feeds: [FeedSettings] = []
        var seen: [String: Int] = [:]
        feeds.reserveCapacity(list.count)
        seen.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            // Built only for a message: most feeds have none.
            func key() -> String { "feeds[\(index)]" }
            var feed: FeedSettings?
            var urlNode: Node?
            if item.scalar != nil, let url = string(item, key: key()) {
                feed = FeedSettings(url: url, line: item.mark?.line ?? 0)
            } else if let keys = item.mapping {
                let mapping = readFeedFields(keys, context: key())
                urlNode = mapping.url
                guard let urlNode, let url = string(urlNode, key: "\(key()).url") else {
                    report(item, "\(key()): missing `url`")
                    continue
                }
                var settingsForFeed = FeedSettings(url: url, line: item.mark?.line ?? 0)
                if let value = mapping.name, let name = string(value, key: "\(key()).name") {
                    settingsForFeed.name = name
                }
                if let value = mapping.interval { settingsForFeed.interval = duration(value, key: "\(key()).interval") }
                if let value = mapping.language { settingsForFeed.language = string(value, key: "\(key()).language") }
                if let value = mapping.allowPrivate, let flag = bool(value, key: "\(key()).allow_private") {
                    settingsForFeed.allowPrivate = flag
                }
                if let value = mapping.maxBody { settingsForFeed.maxBodyBytes = byteSize(value, key: "\(key()).max_body") }
                if let value = mapping.headers, let headers = value.mapping {
                    for (name, headerValue) in headers {
                        guard let headerName = name.string, let text = string(headerValue, key: "\(key()).headers") else {
                            continue
                        }
                        // A header name or value with a line break would let the config inject headers.
                        if headerName.contains(where: \.isNewline) || text.contains(where: \.isNewline)
                            || headerName.contains(":")
                        {
                            report(headerValue, "\(key()).headers: '\(headerName)' must be one line without ':' in the name")
                        } else {
                            settingsForFeed.headers[headerName] = text
                        }
                    }
                } else if let value = mapping.headers {
                    report(value, "\(key()).headers: expected a map of header name to value")
                }
                if let value = mapping.proxy { settingsForFeed.proxy = proxy(value, key: "\(key()).proxy") }
                if let value = mapping.timeout {
                    settingsForFeed.timeouts = timeouts(value, key: "\(key()).timeout")
                    checkTimeoutOrder(
                        own: settingsForFeed.timeouts, global: settings.timeouts, node: value, key: "\(key()).timeout")
                }
                feed = settingsForFeed
            } else {
                report(item, "\(key()): expected a URL or a map with `url`")
            }
            guard let feed else { continue }
            let node = urlNode ?? item
            if !Self.isFeedURL(feed.url) {
                report(node, "\(key()).url: '\(feed.url)' is not an absolute http(s) URL (or file:// path)")
                continue
            }
            if let first = seen[feed.url] {
                report(node, "\(key()).url: '\(feed.url)' is listed twice (first at line \(first)); remove one")
                continue
            }
            seen[feed.url] = feed.line
            feeds.append(feed)
        }
        return feeds
    }

    /// The values of a feed's map under the keys feedwatch reads, a repeated key's last value
    /// winning, with every key that is not a string or not known reported as `checkKeys` does.
    ///
    /// One walk over the pairs: building a dictionary of the map, checking its keys, then looking up
    /// each setting was most of reading a feed's entry in a feeds.yml of thousands (bench/fetch).
    /// As in `valuesByKey`, only keys that are strings (untagged or `!!str`) give values.
    mutating func readFeedFields(_ mapping: Node.Mapping, context: @autoclosure () -> String) -> FeedFields {
        var fields = FeedFields()
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else {
                report(keyNode, "\(context()): keys must be strings")
                continue
            }
            var isStringKey = false
            if case .scalar(let scalar) = keyNode, Node.Mapping.isStringTag(scalar.tag.description) {
                isStringKey = scalar.string == name
            }
            switch name {
            case "url": if isStringKey { fields.url = value }
            case "name": if isStringKey { fields.name = value }
            case "interval": if isStringKey { fields.interval = value }
            case "language": if isStringKey { fields.language = value }
            case "allow_private": if isStringKey { fields.allowPrivate = value }
            case "max_body": if isStringKey { fields.maxBody = value }
            case "headers": if isStringKey { fields.headers = value }
            case "proxy": if isStringKey { fields.proxy = value }
            case "timeout": if isStringKey { fields.timeout = value }
            default: reportUnknownKey(keyNode, name: name, allowed: Self.feedKeys, context: context())
            }
        }
        return fields
    }

    /// A feed's connect time may not exceed its total, also when one of them comes from `settings.timeout`
    /// (both in the feed's own map was reported by `timeouts` already; defaults are never held against it).
    mutating func checkTimeoutOrder(own: TimeoutSettings, global: TimeoutSettings, node: Node, key: @autoclosure () -> String) {
        if own.connect != nil && own.total != nil { return }
        let effective = own.over(global)
        guard own.connect != nil || own.total != nil, let connect = effective.connect, let total = effective.total,
            connect > total
        else { return }
        report(node, "\(key()): the connect time (\(Int(connect)) s) is longer than the total (\(Int(total)) s)")
    }

    static func isFeedURL(_ text: String) -> Bool { FeedURLCheck.isFeedURL(text) }

    // MARK: - topics

    static let topicKeys = ["query", "min_score", "feeds", "languages", "delivery", "channels", "batch", "max_per_hour"]
    static let channelNames = ["log", "email", "webhook"]

    mutating func readTopics(_ node: Node) -> ([TopicDefinition], [String: QueryLocation]) {
        guard let mapping = node.mapping else {
            if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return ([], [:]) }
            report(node, "topics: expected a map from topic name to a map with `query`")
            return ([], [:])
        }
        var topics: [TopicDefinition] = []
        var locations: [String: QueryLocation] = [:]
        for (nameNode, body) in mapping {
            var topicChannelNodes: [String: Node] = [:]
            defer { channelNodes.merge(topicChannelNodes) { $1 } }
            guard let name = nameNode.string, !name.isEmpty else {
                report(nameNode, "topics: a topic name must be a non-empty string")
                continue
            }
            func key() -> String { "topics.\(name)" }
            var queryNode: Node?
            var definition: TopicDefinition?
            if body.scalar != nil, let query = string(body, key: "\(key())") {
                // Shorthand: `name: 'query'`.
                queryNode = body
                definition = TopicDefinition(name: name, query: query)
            } else if let fields = body.mapping {
                checkKeys(fields, allowed: Self.topicKeys, context: key())
                guard let node = fields["query"], let query = string(node, key: "\(key()).query") else {
                    report(body, "\(key()): missing `query`")
                    continue
                }
                queryNode = node
                var topic = TopicDefinition(name: name, query: query)
                if let value = fields["min_score"] {
                    if let number = value.float, number >= 0 {
                        topic.minScore = number
                    } else {
                        report(value, "\(key()).min_score: expected a non-negative number")
                    }
                }
                if let value = fields["feeds"] { topic.feeds = stringList(value, key: "\(key()).feeds") }
                if let value = fields["languages"] { topic.languages = stringList(value, key: "\(key()).languages") }
                if let value = fields["channels"] {
                    let names = stringList(value, key: "\(key()).channels")
                    for name in names where !Self.channelNames.contains(name) {
                        report(value, "\(key()).channels: unknown channel '\(name)'; use log, email or webhook")
                    }
                    topic.channels = names.filter(Self.channelNames.contains)
                    topicChannelNodes[name] = value
                }
                if let value = fields["delivery"], let text = string(value, key: "\(key()).delivery") {
                    if let delivery = Delivery(rawValue: text) {
                        topic.delivery = delivery
                    } else {
                        report(value, "\(key()).delivery: unknown '\(text)'; use immediate, batched or digest")
                    }
                }
                readTopicVolume(fields, topic: &topic, key: key())
                definition = topic
            } else {
                report(body, "\(key()): expected a map with `query`")
            }
            guard let definition, let queryNode else { continue }
            // White space only (Unicode White_Space, the characters Foundation's whitespacesAndNewlines
            // holds), checked without building Foundation's character set for it.
            if definition.query.allSatisfy(\.isWhitespace) {
                report(queryNode, "\(key()).query: the query is empty")
                continue
            }
            topics.append(definition)
            locations[name] = Self.location(of: queryNode, text: definition.query)
        }
        return (topics, locations)
    }

    /// A topic may only route to channels that `notify` configures.
    mutating func checkTopicChannels(_ configuration: Configuration) {
        let notify = configuration.notify
        let configured = Set(
            (notify.log ? ["log"] : []) + (notify.email != nil ? ["email"] : []) + (notify.webhook != nil ? ["webhook"] : []))
        for topic in configuration.topics {
            for channel in topic.channels where !configured.contains(channel) {
                report(channelNodes[topic.name],
                    "topics.\(topic.name).channels: '\(channel)' is not configured under notify; add notify.\(channel) or remove it here")
            }
        }
    }

    /// Where the first character of a scalar's value is: quoted scalars start one column later.
    static func location(of node: Node, text: String) -> QueryLocation {
        let mark = node.mark
        var column = mark?.column ?? 0
        // String's `contains` compares characters: searching a long query for a line break was most
        // of reading the default topics. A block scalar (`>-`, `|`) needs no search, and a text
        // without the byte looked for cannot contain it, however `contains` compares.
        func contains(_ byte: UInt8, _ part: String) -> Bool { text.utf8.contains(byte) && text.contains(part) }
        var singleLine: Bool
        if case .scalar(let scalar) = node {
            switch scalar.style {
            case .singleQuoted, .doubleQuoted:
                singleLine = !contains(0x0A, "\n")
                column += 1
                // Escapes ('' or \x) shift later columns; keep positions honest only when there are none.
                if contains(0x27, "'") || contains(0x5C, "\\") || contains(0x22, "\"") && scalar.style == .doubleQuoted {
                    singleLine = singleLine && scalar.style == .singleQuoted && !contains(0x27, "'")
                }
            case .literal, .folded:
                singleLine = false
            default:
                singleLine = !contains(0x0A, "\n")
            }
        } else {
            singleLine = !contains(0x0A, "\n")
        }
        return QueryLocation(line: mark?.line ?? 0, column: column, isSingleLine: singleLine)
    }

    // MARK: - Scalars

    mutating func mapping(_ node: Node, key: @autoclosure () -> String) -> Node.Mapping? {
        if let mapping = node.mapping { return mapping }
        report(node, "\(key()): expected a map of `key: value` lines")
        return nil
    }

    mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], context: @autoclosure () -> String) {
        for key in mapping.keys {
            guard let name = key.string else {
                report(key, "\(context()): keys must be strings")
                continue
            }
            if !allowed.contains(name) { reportUnknownKey(key, name: name, allowed: allowed, context: context()) }
        }
    }

    mutating func reportUnknownKey(_ key: Node, name: String, allowed: [String], context: @autoclosure () -> String) {
        let hint = Self.closest(to: name, in: allowed).map { "; did you mean `\($0)`?" }
            ?? "; known keys: \(allowed.joined(separator: ", "))"
        report(key, "\(context()): unknown key `\(name)`\(hint)")
    }

    mutating func string(_ node: Node, key: @autoclosure () -> String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(node, "\(key()): expected a single value, not a list or map")
            return nil
        }
        return scalar.string
    }

    mutating func stringList(_ node: Node, key: @autoclosure () -> String) -> [String] {
        if node.scalar != nil { return string(node, key: key()).map { [$0] } ?? [] }
        guard let list = node.sequence else {
            report(node, "\(key()): expected a list")
            return []
        }
        return list.compactMap { string($0, key: key()) }
    }

    mutating func bool(_ node: Node, key: @autoclosure () -> String) -> Bool? {
        // The spellings feeds.yml files use, without Yams' lowercasing (the same answers).
        if case .scalar(let scalar) = node {
            if scalar.string == "true" { return true }
            if scalar.string == "false" { return false }
        }
        if let value = node.bool { return value }
        report(node, "\(key()): expected true or false")
        return nil
    }

    mutating func positiveInteger(_ node: Node, key: @autoclosure () -> String) -> Int? {
        if let value = node.int, value > 0 { return value }
        report(node, "\(key()): expected a whole number greater than 0")
        return nil
    }

    mutating func duration(_ node: Node, key: @autoclosure () -> String, allowZero: Bool = false) -> TimeInterval? {
        guard let text = string(node, key: key()) else { return nil }
        if let seconds = DurationText.seconds(text), seconds > 0 || (allowZero && seconds == 0) { return seconds }
        report(node, "\(key()): '\(text)' is not a duration; write e.g. 90s, 15m, 2h or 1d")
        return nil
    }

    mutating func byteSize(_ node: Node, key: @autoclosure () -> String) -> Int? {
        guard let text = string(node, key: key()) else { return nil }
        if let bytes = DurationText.bytes(text), bytes > 0 { return bytes }
        report(node, "\(key()): '\(text)' is not a size; write e.g. 512KB, 10MB")
        return nil
    }

    /// The allowed key nearest to a typo (edit distance at most 2), for "did you mean".
    static func closest(to name: String, in candidates: [String]) -> String? {
        candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
