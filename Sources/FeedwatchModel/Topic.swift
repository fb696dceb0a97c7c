import Foundation

/// How a topic's matches reach the user.
public enum Delivery: String, Sendable, Codable, Hashable, CaseIterable {
    /// An alert for every new match, as soon as it is found.
    case immediate
    /// Alerts are collected and sent together, one message per channel per window (e.g. 15 minutes).
    case batched
    /// Matches only appear in the daily digest.
    case digest
}

/// A user's topic as configured in feeds.yml: a name and a query, plus options.
public struct TopicDefinition: Sendable, Hashable, Codable {
    /// The topic's name, the key under `topics:`.
    public var name: String
    /// The query in feedwatch's query language (see docs/topics.md).
    public var query: String
    /// The least score an item needs to match; nil means the classifier's default.
    public var minScore: Double?
    /// Only items of these feeds (by name or URL) can match; empty means every feed.
    public var feeds: [String]
    /// Only items in these languages (`en`, `es`...) can match; empty means every language.
    public var languages: [String]
    /// How matches are delivered.
    public var delivery: Delivery
    /// The channels (`log`, `email`, `webhook`) this topic's alerts go to; empty means every configured one.
    public var channels: [String]

    /// Creates a topic definition.
    public init(
        name: String, query: String, minScore: Double? = nil, feeds: [String] = [], languages: [String] = [],
        delivery: Delivery = .immediate, channels: [String] = []
    ) {
        self.name = name
        self.query = query
        self.minScore = minScore
        self.feeds = feeds
        self.languages = languages
        self.delivery = delivery
        self.channels = channels
    }
}

/// Where an entry comes from, as the classifier needs it (for `feed:`, `link:` and `lang:` scopes).
public struct FeedContext: Sendable, Hashable, Codable {
    /// The feed's configured name (or its URL when it has none).
    public var name: String
    /// The feed's URL.
    public var url: String
    /// The feed's declared language, if any.
    public var language: String?

    /// Creates a feed context.
    public init(name: String, url: String, language: String? = nil) {
        self.name = name
        self.url = url
        self.language = language
    }
}

/// One piece of evidence for a match: which query term matched, in which field, and where.
public struct MatchedTerm: Sendable, Hashable, Codable {
    /// The query term as written in the topic (`migra*`, `"trade deal"`).
    public var term: String
    /// The entry field it matched in (`title`, `summary`, `content`, `author`, `category`, `link`, `feed`, `lang`).
    public var field: String
    /// A short excerpt around the match with the match marked `[like this]`, when explaining.
    public var snippet: String?

    /// Creates a matched term.
    public init(term: String, field: String, snippet: String? = nil) {
        self.term = term
        self.field = field
        self.snippet = snippet
    }
}

/// An entry matched a topic: the topic, how strongly, and why.
public struct Match: Sendable, Hashable, Codable {
    /// The topic's name.
    public var topic: String
    /// The score (field-weighted evidence); at least the topic's minimum.
    public var score: Double
    /// The evidence, one per distinct (term, field).
    public var terms: [MatchedTerm]

    /// Creates a match.
    public init(topic: String, score: Double, terms: [MatchedTerm]) {
        self.topic = topic
        self.score = score
        self.terms = terms
    }
}
