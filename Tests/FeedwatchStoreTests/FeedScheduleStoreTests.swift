import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("What a feed says about its schedule, kept across restarts")
struct FeedScheduleStoreTests {
    @Test("ttl, skipHours and skipDays of a 200 survive a reopen and a 304, and the next 200 replaces them")
    func keptAndReplaced() throws {
        let directory = try TemporaryDirectory(prefix: "feedwatch-store")
        let path = directory.path("feedwatch.sqlite")
        let url = "https://example.org/feed.xml"
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        do {
            let store = try Store(path: path)
            _ = try store.feedState(url: url, name: "Example")
            try store.recordFetch(
                url: url, .fetched(status: 200, etag: "\"a\"", lastModified: nil, movedTo: nil, ttlMinutes: 90,
                    skipHours: [0, 1, 23], skipDays: ["Saturday", "Sunday"]),
                at: now, nextPollAt: now.addingTimeInterval(5400))
        }
        let reopened = try Store(path: path)
        try reopened.recordFetch(url: url, .notModified, at: now, nextPollAt: now.addingTimeInterval(5400))
        var state = try reopened.feedState(url: url, name: "Example")
        #expect(state.ttlMinutes == 90)
        #expect(state.skipHours == [0, 1, 23])
        #expect(state.skipDays == ["Saturday", "Sunday"])
        try reopened.recordFetch(
            url: url, .fetched(status: 200, etag: "\"b\"", lastModified: nil, movedTo: nil), at: now,
            nextPollAt: now.addingTimeInterval(600))
        state = try reopened.feedState(url: url, name: "Example")
        #expect(state.ttlMinutes == nil)
        #expect(state.skipHours.isEmpty)
        #expect(state.skipDays.isEmpty)
    }
}
