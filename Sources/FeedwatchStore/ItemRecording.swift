import Foundation
import FeedwatchModel

/// A fetched document's entries, keyed and classified outside the store's write lock, ready to be
/// written (alone by `record(entries:...)`, or with other feeds' in one transaction by `record(_:)`).
///
/// Whether an entry is new is decided only when it is written (house rule 7): the check made while
/// preparing only spares classifying entries the store already had.
public struct ItemRecording: Sendable {
    /// The feed the entries came from.
    public let feed: FeedContext
    /// The configured URL, the feed's identity.
    public let feedURL: String
    /// The entries in document order, with their keys and prepared matches.
    let entries: [PreparedEntry]
    /// When the entries were seen (`first_seen_at`, `matched_at`).
    let now: Date
}

/// One entry of an `ItemRecording`.
struct PreparedEntry: Sendable {
    let entry: Entry
    /// Its identity (`EntryKey`).
    let key: String
    /// Its normalized link, to recognise the same page reached through another feed.
    let linkKey: String?
    /// False when the feed's catch-up window (first fetch) keeps it from alerting.
    let mayAlert: Bool
    /// What it matched, if it was classified (not when the store had it already).
    let matches: [PreparedMatch]

    /// Whether its row keeps the entry's text (id, title, link, summary): only alerts and digests
    /// read it, through a match, so an entry without matches keeps only what recognises it later
    /// (key, feed, normalized link, dates). Matches are written only with a new row, never added to
    /// an item stored before, so an item stored without text never needs it.
    var keepsText: Bool { !matches.isEmpty }
}

/// A match with what its row needs: the explanation as JSON and the channels to queue it for.
struct PreparedMatch: Sendable {
    let match: Match
    let terms: String
    let channels: [String]
}

extension Store {
    /// Keys, classifies and encodes `entries` for recording; only entries the store does not hold yet
    /// are classified.
    ///
    /// - Parameters:
    ///   - alertCutoff: entries published before this may not alert (the catch-up window on a feed's
    ///     first fetch); nil lets every new entry alert. Undated entries count as old then.
    ///   - checksSeen: false skips the read that finds entries the store holds already, for a feed
    ///     none of whose items was recorded yet: all its entries are then classified, and the write
    ///     still keeps any already known (such as the same page through another feed) from counting.
    public func prepareRecording(
        entries: [Entry], feed: FeedContext, feedURL: String, alertCutoff: Date?, now: Date, checksSeen: Bool = true,
        classify: (Entry) -> [Match], channels: (Match) -> [String]
    ) throws(StoreError) -> ItemRecording {
        var keys: [String] = []
        var linkKeys: [String?] = []
        keys.reserveCapacity(entries.count)
        linkKeys.reserveCapacity(entries.count)
        for entry in entries {
            let linkKey = entry.link.flatMap(EntryKey.normalizedLink)
            keys.append(EntryKey.key(for: entry, feedURL: feedURL, normalizedLink: linkKey))
            linkKeys.append(linkKey)
        }
        // Classify before the write transaction, not inside it: classification is the slow part of a
        // poll, and the store has one writer. An entry seen here is not classified; one that another
        // writer records in the meantime is skipped by the write as usual.
        let seen = checksSeen ? try seenKeys(keys) : []
        var prepared: [PreparedEntry] = []
        prepared.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let published = entry.published ?? entry.updated
            let mayAlert = alertCutoff.map { cutoff in published.map { $0 >= cutoff } ?? false } ?? true
            var matches: [PreparedMatch] = []
            if !seen.contains(keys[index]) {
                matches = classify(entry).map { match in
                    PreparedMatch(
                        match: match, terms: TermsJSON.encode(match.terms), channels: mayAlert ? channels(match) : [])
                }
            }
            prepared.append(
                PreparedEntry(
                    entry: entry, key: keys[index], linkKey: linkKeys[index], mayAlert: mayAlert, matches: matches))
        }
        return ItemRecording(feed: feed, feedURL: feedURL, entries: prepared, now: now)
    }

    /// Which of `keys` the store already holds: one read, one cached primary-key lookup a key.
    func seenKeys(_ keys: [String]) throws(StoreError) -> Set<String> {
        if keys.isEmpty { return [] }
        return try read("reading seen items") { db in
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM item WHERE key = ?")
            var seen = Set<String>()
            for key in keys where try Bool.fetchOne(statement, arguments: [key]) == true {
                seen.insert(key)
            }
            return seen
        }
    }
}
