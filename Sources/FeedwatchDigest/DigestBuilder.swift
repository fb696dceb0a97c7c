import Foundation
import FeedwatchModel

/// Builds a day's `Digest` from alerts and feed health: filters to the day, clusters, ranks, assesses.
public enum DigestBuilder {
    /// A feed is listed as silent when nothing new has come from it for this long (three days).
    public static let defaultSilentAfter: TimeInterval = 3 * 86_400

    /// The digest of `day` in `timeZone`: the alerts first seen within that local day, grouped by topic
    /// (sections ordered by topic name), near-duplicate stories clustered, stories ranked by
    /// `DigestItem.rank`, and the feeds needing attention at `now`. Stories with an alert in
    /// `overflowed` (alert IDs held back by a topic's hourly cap) are marked.
    public static func build(
        day: DigestDay, timeZone: TimeZone, alerts: [Alert], feedHealth: [FeedHealth], now: Date,
        silentAfter: TimeInterval = defaultSilentAfter, overflowed: Set<String> = []
    ) -> Digest {
        let window = window(for: day, in: timeZone)
        var seen = Set<String>()
        let todays = alerts.filter { window.start <= $0.firstSeen && $0.firstSeen < window.end }
            .filter { seen.insert($0.alertID).inserted }
        let byTopic = Dictionary(grouping: todays, by: \.match.topic)
        let sections = byTopic.keys.sorted().map { topic in
            let stories = StoryClusterer.cluster(byTopic[topic]!).map { members in
                DigestItem(
                    alert: members[0], related: Array(members.dropFirst()),
                    isOverflow: !overflowed.isEmpty && members.contains { overflowed.contains($0.alertID) })
            }
            // Sort keys are computed once per story (rank counts distinct sources, title cleans text),
            // not once per comparison.
            let ranked = stories.map { RankKey(item: $0) }.sorted(by: RankKey.before)
            return DigestSection(topic: topic, items: ranked.map(\.item))
        }
        let reports = feedHealth.compactMap { FeedHealthReport.assess($0, now: now, silentAfter: silentAfter) }
            .sorted { lhs, rhs in
                if lhs.status.severity != rhs.status.severity { return lhs.status.severity < rhs.status.severity }
                if lhs.days != rhs.days { return lhs.days > rhs.days }
                return (lhs.feed.name, lhs.feed.url) < (rhs.feed.name, rhs.feed.url)
            }
        return Digest(
            day: day, timeZone: timeZone, window: window, sections: sections, feedHealth: reports,
            healthyFeedCount: feedHealth.count - reports.count, generated: now)
    }

    /// The digest of a `YYYY-MM-DD` day; throws `DigestError.invalidDay` naming the text.
    public static func build(
        day: String, timeZone: TimeZone, alerts: [Alert], feedHealth: [FeedHealth], now: Date,
        silentAfter: TimeInterval = defaultSilentAfter, overflowed: Set<String> = []
    ) throws(DigestError) -> Digest {
        build(
            day: try DigestDay(parsing: day), timeZone: timeZone, alerts: alerts, feedHealth: feedHealth, now: now,
            silentAfter: silentAfter, overflowed: overflowed)
    }

    /// The local day's instants `[start, end)` in the zone: 24 hours, or 23/25 on a DST change.
    public static func window(for day: DigestDay, in timeZone: TimeZone) -> DateInterval {
        day.window(in: timeZone)
    }

    /// The last complete local day at `now`: yesterday in the zone.
    public static func lastCompleteDay(at now: Date, in timeZone: TimeZone) -> DigestDay {
        DigestDay(containing: now, in: timeZone).previous
    }
}

/// A story's sort key. Order: rank, then most recent, then title and alert ID so equal stories order stably.
private struct RankKey {
    let item: DigestItem
    let rank: Double
    let time: Date
    let title: String
    let id: String

    init(item: DigestItem) {
        self.item = item
        rank = item.rank
        time = item.time
        title = item.title
        id = item.alert.alertID
    }

    static func before(_ lhs: RankKey, _ rhs: RankKey) -> Bool {
        if lhs.rank != rhs.rank { return lhs.rank > rhs.rank }
        if lhs.time != rhs.time { return lhs.time > rhs.time }
        if lhs.title != rhs.title { return lhs.title < rhs.title }
        return lhs.id < rhs.id
    }
}

extension FeedHealthReport.Status {
    /// Worst first: gone, failing, silent.
    var severity: Int {
        switch self {
        case .gone: 0
        case .failing: 1
        case .silent: 2
        }
    }
}
