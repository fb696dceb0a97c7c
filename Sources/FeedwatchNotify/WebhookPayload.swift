import Foundation
import FeedwatchModel

/// The JSON body feedwatch POSTs for an alert with the `feedwatch` template (docs/notify.md documents it).
/// Encoded with sorted keys, so the same alert gives the same bytes and the signature is reproducible.
public struct WebhookPayload: Sendable, Hashable, Codable {
    /// The payload's version; bumped only on incompatible changes.
    public var version: Int
    /// Always `alert`.
    public var type: String
    /// The alert's identity, `topic:entryKey`.
    public var alertID: String
    /// 32 hex digits, stable across retries: receivers deduplicate on it.
    public var idempotencyKey: String
    /// The topic's name.
    public var topic: String
    /// The classifier's score.
    public var score: Double
    /// The entry's title, one line (nil when the feed gave none).
    public var title: String?
    /// The entry's link, only when http(s).
    public var link: String?
    /// The entry's summary, line breaks kept.
    public var summary: String?
    /// A short excerpt explaining the match, `[marked]`.
    public var snippet: String?
    /// When the entry was published (ISO 8601), if known.
    public var published: Date?
    /// When feedwatch first saw the entry (ISO 8601).
    public var firstSeen: Date
    /// The feed.
    public var feed: Feed
    /// The evidence: which query term matched in which field.
    public var terms: [Term]

    /// The feed an alert came from.
    public struct Feed: Sendable, Hashable, Codable {
        /// The configured name.
        public var name: String
        /// The feed's URL.
        public var url: String
    }

    /// One matched query term.
    public struct Term: Sendable, Hashable, Codable {
        /// The term as written in the topic's query.
        public var term: String
        /// The entry field it matched in.
        public var field: String
        /// An excerpt around the match, if explained.
        public var snippet: String?
    }

    enum CodingKeys: String, CodingKey {
        case version, type, topic, score, title, link, summary, snippet, published, feed, terms
        case alertID = "alert_id"
        case idempotencyKey = "idempotency_key"
        case firstSeen = "first_seen"
    }

    /// The payload of an alert.
    public init(_ alert: Alert) {
        version = 1
        type = "alert"
        alertID = alert.alertID
        idempotencyKey = MessageIdentity.idempotencyKey(for: alert)
        topic = alert.match.topic
        score = alert.match.score
        title = alert.entry.title.map(FeedText.singleLine)
        link = FeedText.webLink(alert.entry.link)
        summary = alert.entry.summary.map(SafeText.paragraphs)
        snippet = alert.match.terms.lazy.compactMap(\.snippet).first.map(FeedText.singleLine)
        published = alert.entry.published
        firstSeen = alert.firstSeen
        feed = Feed(name: alert.feed.name, url: alert.feed.url)
        terms = alert.match.terms.map { Term(term: $0.term, field: $0.field, snippet: $0.snippet) }
    }

    /// The JSON body: sorted keys, ISO 8601 dates, nulls written out for absent optional fields.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain strings, numbers and dates cannot fail.
        return try! encoder.encode(WithNulls(self))
    }

    /// Writes absent optionals as `null` (synthesized Codable omits them), so receivers see every key.
    private struct WithNulls: Encodable {
        let payload: WebhookPayload
        init(_ payload: WebhookPayload) { self.payload = payload }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(payload.version, forKey: .version)
            try container.encode(payload.type, forKey: .type)
            try container.encode(payload.alertID, forKey: .alertID)
            try container.encode(payload.idempotencyKey, forKey: .idempotencyKey)
            try container.encode(payload.topic, forKey: .topic)
            try container.encode(payload.score, forKey: .score)
            try container.encode(payload.title, forKey: .title)
            try container.encode(payload.link, forKey: .link)
            try container.encode(payload.summary, forKey: .summary)
            try container.encode(payload.snippet, forKey: .snippet)
            try container.encode(payload.published, forKey: .published)
            try container.encode(payload.firstSeen, forKey: .firstSeen)
            try container.encode(payload.feed, forKey: .feed)
            try container.encode(payload.terms, forKey: .terms)
        }
    }
}
