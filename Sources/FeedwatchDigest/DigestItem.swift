import Foundation
import FeedwatchModel

/// One story in a digest: the best alert of a cluster of near-duplicate titles, and the others reporting it.
public struct DigestItem: Sendable, Hashable {
    /// The alert shown for the story (the highest-scoring member of its cluster).
    public var alert: Alert
    /// The other alerts of the same story (other feeds, or the same feed again), highest score first.
    public var related: [Alert]
    /// True when a member of the story was not sent as an alert because its topic's hourly cap was
    /// reached: the digest is where the user learns of it, and says so.
    public var isOverflow: Bool

    /// Creates an item from its lead alert and the other members of its story.
    public init(alert: Alert, related: [Alert] = [], isOverflow: Bool = false) {
        self.alert = alert
        self.related = related
        self.isOverflow = isOverflow
    }

    /// The note shown on a story held back by the hourly cap.
    public static let overflowNote = "not sent as an alert: over the topic's hourly cap"

    /// Every alert of the story, lead first.
    public var members: [Alert] { [alert] + related }

    /// The distinct feeds reporting the story, lead's first.
    public var sources: [FeedContext] {
        var seen = Set<String>()
        return members.map(\.feed).filter { seen.insert($0.url).inserted }
    }

    /// The number of distinct feeds reporting the story.
    public var sourceCount: Int { sources.count }

    /// The classifier's score of the lead alert.
    public var score: Double { alert.match.score }

    /// The ranking key: the score, raised by half of itself for every further source reporting the story,
    /// so a story three outlets carry outranks a slightly stronger match only one carries.
    public var rank: Double { score * (1 + 0.5 * Double(sourceCount - 1)) }

    /// When the story appeared: the lead entry's publication time, else when feedwatch first saw it.
    public var time: Date { alert.entry.published ?? alert.firstSeen }

    /// The distinct matched query terms of all members, in order of first appearance.
    public var matchedTerms: [String] {
        var seen = Set<String>()
        return members.flatMap { $0.match.terms.map(\.term) }.filter { seen.insert($0).inserted }
    }

    /// A short plain-text excerpt: the first match snippet, else the start of the summary or content.
    public var snippet: String? {
        if let marked = alert.match.terms.lazy.compactMap(\.snippet).first(where: { !$0.isEmpty }) {
            return FeedText.shorten(FeedText.singleLine(marked), to: DigestItem.snippetLength)
        }
        for text in [alert.entry.summary, alert.entry.content] {
            if let text, !FeedText.singleLine(text).isEmpty {
                return FeedText.shorten(FeedText.singleLine(text), to: DigestItem.snippetLength)
            }
        }
        return nil
    }

    /// The title to show: the entry's title, else its link, else a placeholder (never empty).
    public var title: String {
        for candidate in [alert.entry.title, alert.entry.link] {
            if let candidate, !FeedText.singleLine(candidate).isEmpty { return FeedText.singleLine(candidate) }
        }
        return "(untitled)"
    }

    /// The lead entry's link when it is an absolute http(s) URL; any other scheme is dropped.
    public var link: String? { FeedText.webLink(alert.entry.link) }

    /// The longest snippet shown, in characters.
    static let snippetLength = 280
}
