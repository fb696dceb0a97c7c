@testable import FeedwatchDaemon
import FeedwatchDigest
import Foundation
import Testing

@Suite("daily digest schedule")
struct DigestScheduleTests {
    let newYork = TimeZone(identifier: "America/New_York")!

    func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("07:00 local is 12:00Z in winter and 11:00Z in summer")
    func localTime() throws {
        #expect(DigestService.run(on: try DigestDay(parsing: "2026-01-15"), hour: 7, minute: 0, in: newYork)
            == instant("2026-01-15T12:00:00Z"))
        #expect(DigestService.run(on: try DigestDay(parsing: "2026-07-15"), hour: 7, minute: 0, in: newYork)
            == instant("2026-07-15T11:00:00Z"))
    }

    @Test("across the spring-forward night the next run is still 07:00 local, 23 hours later")
    func springForward() {
        let saturdayRun = instant("2026-03-07T12:00:00Z")
        let next = DigestService.nextRun(after: saturdayRun, hour: 7, minute: 0, in: newYork)
        #expect(next == instant("2026-03-08T11:00:00Z"))
        #expect(next.timeIntervalSince(saturdayRun) == 23 * 3600)
    }

    @Test("a time that does not exist on the DST day moves to the next valid instant")
    func skippedTime() throws {
        let run = DigestService.run(on: try DigestDay(parsing: "2026-03-08"), hour: 2, minute: 30, in: newYork)
        #expect(run == instant("2026-03-08T07:00:00Z"))  // 03:00 EDT
    }

    @Test("across the fall-back night the next run is 25 hours later")
    func fallBack() {
        let saturdayRun = instant("2026-10-31T11:00:00Z")
        let next = DigestService.nextRun(after: saturdayRun, hour: 7, minute: 0, in: newYork)
        #expect(next == instant("2026-11-01T12:00:00Z"))
    }
}
