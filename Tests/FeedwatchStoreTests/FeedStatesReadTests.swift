import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Testing

/// `run --once` reads the feed states (`knownFeedStates`) before it may write, then adds what is
/// missing (`ensureFeeds`): together they must be `feedStates(ensuring:)`, and the read alone writes
/// nothing.
@Suite("Feed states read first, missing feeds added after")
struct FeedStatesReadTests {
    @Test("the read writes nothing; ensureFeeds adds new feeds, renames, keeps what it was given")
    func readThenEnsure() throws {
        let directory = try TemporaryDirectory(prefix: "feedwatch-store")
        let store = try Store(path: directory.path("feedwatch.sqlite"))
        let old = (url: "https://old.example/feed", name: "Old")
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        _ = try store.feedStates(ensuring: [old])
        try store.recordFetch(
            url: old.url, .fetched(status: 200, etag: "\"v1\"", lastModified: nil, movedTo: nil, ttlMinutes: nil,
                skipHours: [], skipDays: []),
            at: now, nextPollAt: now.addingTimeInterval(1800))

        let known = try store.knownFeedStates(capacity: 4)
        #expect(Array(known.keys) == [old.url])
        #expect(known[old.url]?.etag == "\"v1\"")
        // Reading the states of a configuration with a feed the store has not seen adds no row.
        #expect(try store.feedStates().map(\.url) == [old.url])

        let new = (url: "https://new.example/feed", name: "New")
        let states = try store.ensureFeeds([(old.url, "Old, renamed"), new], in: known)
        #expect(states[old.url]?.name == "Old, renamed")
        #expect(states[old.url]?.etag == "\"v1\"", "a renamed feed keeps its validators")
        #expect(states[new.url]?.isNew == true)
        #expect(try store.feedStates().map(\.url) == [new.url, old.url])
        #expect(try store.feedStates().map(\.name) == ["New", "Old, renamed"])

        // Nothing missing: the given states come back as they are, and equal a fresh read.
        let again = try store.ensureFeeds([(old.url, "Old, renamed"), new], in: try store.knownFeedStates(capacity: 2))
        let fresh = try store.feedStates(ensuring: [(old.url, "Old, renamed"), new])
        #expect(again.mapValues(\.name) == fresh.mapValues(\.name))
        #expect(again.mapValues(\.etag) == fresh.mapValues(\.etag))
    }
}
