import FeedwatchConfig
import FeedwatchDaemon
import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("Scheduling from the feed's own ttl, skipHours and skipDays")
struct PublisherScheduleTests {
    /// An RSS 2.0 document with one item and the given channel elements.
    static func rss(_ channelElements: String) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Scheduled</title><link>https://example.org/</link>
        <description>d</description>\(channelElements)
        <item><title>One</title><link>https://example.org/1</link><guid>1</guid></item>
        </channel></rss>
        """
    }

    @Test("a served feed with a ttl is not polled again before it: after the 200, a 304, and a restart")
    func ttl() async throws {
        let server = try LoopbackHTTPServer()
        _ = try server.root.write("ttl.xml", Self.rss("<ttl>120</ttl>"))
        // A fresh store and pipeline for every poll: what the ttl asks must survive a restart.
        let fixture = try ScheduleFixture(url: server.url("ttl.xml"), interval: 600)
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        let (first, afterFirst) = try await fixture.poll(at: start)
        #expect(first == .updated(newEntries: 1, alerts: 0))
        #expect(afterFirst.ttlMinutes == 120)
        #expect(try #require(afterFirst.nextPollAt) >= start.addingTimeInterval(7200))
        let later = start.addingTimeInterval(7300)
        let (second, afterSecond) = try await fixture.poll(at: later)
        #expect(second == .notModified)  // no document: the stored ttl still rules
        #expect(afterSecond.ttlMinutes == 120)
        #expect(try #require(afterSecond.nextPollAt) >= later.addingTimeInterval(7200))
    }

    @Test("skipHours (GMT) and skipDays move the next poll out of them, with an injected clock")
    func skips() async throws {
        let server = try LoopbackHTTPServer()
        _ = try server.root.write("skip.xml", Self.rss("""
            <skipHours><hour>16</hour><hour>17</hour><hour>18</hour></skipHours>
            <skipDays><day>Tuesday</day></skipDays>
            """))
        let fixture = try ScheduleFixture(url: server.url("skip.xml"), interval: 1800)
        // Mon, 24 Nov 2025 16:30 GMT: 30 minutes (±10%) later is in hour 16 or 17, both skipped;
        // 19:00 is the first allowed hour.
        let monday = Date(timeIntervalSince1970: 1_764_001_800)
        let (_, afterMonday) = try await fixture.poll(at: monday)
        #expect(afterMonday.skipHours == [16, 17, 18])
        #expect(afterMonday.skipDays == ["Tuesday"])
        #expect(afterMonday.nextPollAt == Date(timeIntervalSince1970: 1_764_010_800))  // Mon 19:00 GMT
        // Mon 23:50 GMT: the next poll would fall on Tuesday, so it waits until Wednesday 00:00 GMT.
        let lateMonday = Date(timeIntervalSince1970: 1_764_028_200)
        let (second, afterLate) = try await fixture.poll(at: lateMonday)
        #expect(second == .notModified)
        #expect(afterLate.nextPollAt == Date(timeIntervalSince1970: 1_764_115_200))  // Wed 00:00 GMT
    }
}
