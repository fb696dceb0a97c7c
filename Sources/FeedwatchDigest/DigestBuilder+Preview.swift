import Foundation
import FeedwatchModel

extension DigestBuilder {
    /// A preview digest of one feed document's items (`feedwatch digest --input FILE`): every item under
    /// the topic `preview` (score 1, no matched terms), on the local day of `now`, keyed by id, else
    /// link, else position. No feed-health section.
    public static func preview(entries: [Entry], feed: FeedContext, timeZone: TimeZone, now: Date) -> Digest {
        let alerts = entries.enumerated().map { index, entry in
            Alert(
                entryKey: entry.id ?? entry.link ?? "\(feed.url)#\(index + 1)", feed: feed, entry: entry,
                match: Match(topic: "preview", score: 1, terms: []), firstSeen: now)
        }
        return build(
            day: DigestDay(containing: now, in: timeZone), timeZone: timeZone, alerts: alerts, feedHealth: [], now: now)
    }
}
