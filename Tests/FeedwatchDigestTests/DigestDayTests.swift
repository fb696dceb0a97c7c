import Foundation
import FeedwatchDigest
import Testing

@Suite("Digest days and their windows")
struct DigestDayTests {
    @Test("a YYYY-MM-DD day parses and prints back the same")
    func parsesDay() throws {
        let day = try DigestDay(parsing: "2026-03-08")
        #expect(day.year == 2026 && day.month == 3 && day.day == 8)
        #expect(day.description == "2026-03-08")
        #expect(day.previous.description == "2026-03-07")
        #expect(try DigestDay(parsing: "2024-02-29").next.description == "2024-03-01")
    }

    @Test("an impossible or misshapen day is refused, naming the text", arguments: [
        "2026-02-30", "2026-13-01", "2026-3-8", "20260308", "2026-03-08T00:00", "", "２０２６-03-08",
    ])
    func refusesBadDay(text: String) {
        #expect(throws: DigestError.invalidDay(text)) { try DigestDay(parsing: text) }
    }

    @Test("New York's spring-forward day (2026-03-08) is 23 hours, from 05:00Z to 04:00Z")
    func springForwardWindow() throws {
        let window = DigestBuilder.window(for: try DigestDay(parsing: "2026-03-08"), in: SampleAlerts.newYork)
        #expect(window.start == SampleAlerts.instant("2026-03-08T05:00:00Z"))
        #expect(window.end == SampleAlerts.instant("2026-03-09T04:00:00Z"))
        #expect(window.duration == 23 * 3600)
    }

    @Test("New York's fall-back day (2026-11-01) is 25 hours, from 04:00Z to 05:00Z the next day")
    func fallBackWindow() throws {
        let window = DigestBuilder.window(for: try DigestDay(parsing: "2026-11-01"), in: SampleAlerts.newYork)
        #expect(window.start == SampleAlerts.instant("2026-11-01T04:00:00Z"))
        #expect(window.end == SampleAlerts.instant("2026-11-02T05:00:00Z"))
        #expect(window.duration == 25 * 3600)
    }

    @Test("an ordinary day is 24 hours and consecutive windows tile time without gap or overlap")
    func windowsTile() throws {
        var day = try DigestDay(parsing: "2026-02-25")
        for _ in 0..<300 {
            let window = DigestBuilder.window(for: day, in: SampleAlerts.newYork)
            let next = DigestBuilder.window(for: day.next, in: SampleAlerts.newYork)
            #expect(window.end == next.start)
            #expect([23.0 * 3600, 24 * 3600, 25 * 3600].contains(window.duration))
            day = day.next
        }
        let ordinary = DigestBuilder.window(for: try DigestDay(parsing: "2026-07-01"), in: SampleAlerts.newYork)
        #expect(ordinary.duration == 24 * 3600)
    }

    @Test("where clocks jump at midnight (Santiago, 2026-09-06) the day starts at the first local instant, 01:00")
    func midnightGap() throws {
        let santiago = try #require(TimeZone(identifier: "America/Santiago"))
        let window = DigestBuilder.window(for: try DigestDay(parsing: "2026-09-06"), in: santiago)
        #expect(window.start == SampleAlerts.instant("2026-09-06T04:00:00Z"))
        #expect(window.duration == 23 * 3600)
        #expect(DigestDay(containing: window.start, in: santiago).description == "2026-09-06")
        #expect(DigestDay(containing: window.start.addingTimeInterval(-1), in: santiago).description == "2026-09-05")
    }

    @Test("the last complete day is yesterday in the zone, not in UTC")
    func lastCompleteDay() {
        // 02:00Z on March 9 is still March 8 (22:00 EDT) in New York, so the last complete day is March 7.
        let day = DigestBuilder.lastCompleteDay(at: SampleAlerts.instant("2026-03-09T02:00:00Z"), in: SampleAlerts.newYork)
        #expect(day.description == "2026-03-07")
    }
}
