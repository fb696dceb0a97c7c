import FeedwatchConfig
import FeedwatchDigest
import FeedwatchStore
import Foundation

/// Builds a day's digest from the store and keeps rendered copies in the state directory.
public enum DigestAssembly {
    /// The digest of `day`: the day's matches and the health of the configured feeds.
    public static func build(day: DigestDay, configuration: Configuration, store: Store, now: Date) throws(StoreError)
        -> Digest
    {
        let zone = configuration.settings.timeZone
        let window = DigestBuilder.window(for: day, in: zone)
        let alerts = try store.matches(in: window)
        // Alerts held back by a topic's hourly cap are in the digest, marked as not sent.
        let overflowed = try store.overflowedAlertIDs(in: window)
        let states = Dictionary(try store.feedStates().map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
        let lastNew = try store.lastNewItemTimes()
        let health = configuration.feeds.map { feed in
            let state = states[feed.url]
            return FeedHealth(
                name: feed.name, url: feed.url, lastSuccess: state?.lastSuccessAt, failingSince: state?.failingSince,
                lastError: state?.lastError, isGone: state?.isGone ?? false, lastNewItem: lastNew[feed.url])
        }
        return DigestBuilder.build(
            day: day, timeZone: zone, alerts: alerts, feedHealth: health, now: now, overflowed: overflowed)
    }

    /// Writes `STATE_DIR/digests/DAY.EXT`; a failure is not fatal to showing the digest.
    @discardableResult
    public static func keep(_ text: String, day: DigestDay, format: DigestFormat, stateDirectory: String) -> String? {
        let directory = stateDirectory + "/digests"
        let path = "\(directory)/\(day).\(format.fileExtension)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        } catch {
            return nil
        }
    }
}
