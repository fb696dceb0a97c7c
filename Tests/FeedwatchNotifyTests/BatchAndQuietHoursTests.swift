import Foundation
import FeedwatchModel
import FeedwatchNotify
import FeedwatchTestSupport
import Testing

@Suite("Batched alert emails")
struct BatchEmailTests {
    let from = try! EmailAddress("feedwatch@example.org")
    let to = [try! EmailAddress("ana@example.net")]

    @Test("several alerts make one well-formed email grouped by topic, with a Message-ID stable for the set")
    func batch() throws {
        let alerts = [
            SampleAlert.make(key: "a", topic: "trade"),
            SampleAlert.make(key: "b", topic: "migration", title: "Deportation flights resume"),
            SampleAlert.make(key: "c", topic: "trade", title: SampleAlert.hostileTitle, link: "javascript:alert(1)"),
        ]
        let message = try BatchEmail.compose(alerts, from: from, to: to, date: SampleAlert.date)
        let reordered = try BatchEmail.compose(alerts.reversed(), from: from, to: to, date: SampleAlert.date)
        #expect(message.messageID == reordered.messageID)
        #expect(message.messageID.hasSuffix(".batch@example.org>"))
        let email = try EmailParser.parse(Data(message.rendered().utf8))
        #expect(email.defects.isEmpty)
        #expect(email.header("subject") == "[feedwatch] 3 new alerts: trade, migration")
        #expect(email.header("bcc") == nil)
        let text = email.parts[0].content.replacing("\r\n", with: "\n")
        #expect(text.contains("trade (2)\n"))
        #expect(text.contains("migration (1)\n"))
        #expect(text.contains("* Deportation flights resume"))
        #expect(!email.parts[1].content.contains("<script"))
        #expect(!email.parts[1].content.lowercased().contains("javascript:"))
    }

    @Test("a batch of one is the alert's own email")
    func single() throws {
        let alert = SampleAlert.make()
        let message = try BatchEmail.compose([alert], from: from, to: to, date: SampleAlert.date)
        #expect(message.messageID == MessageIdentity.messageID(for: alert, domain: "example.org"))
    }
}

@Suite("Quiet hours in the user's time zone")
struct QuietHoursTests {
    let newYork = TimeZone(identifier: "America/New_York")!

    func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test("a span across midnight is quiet late and early, not in the day")
    func acrossMidnight() throws {
        let quiet = try QuietHours(from: "22:00", to: "07:00", timeZone: newYork)
        #expect(quiet.isQuiet(at: instant("2026-07-01T03:30:00Z")))  // 23:30 EDT
        #expect(quiet.isQuiet(at: instant("2026-07-01T10:59:00Z")))  // 06:59 EDT
        #expect(!quiet.isQuiet(at: instant("2026-07-01T11:00:00Z")))  // 07:00 EDT
        #expect(quiet.nextAllowed(after: instant("2026-07-01T03:30:00Z")) == instant("2026-07-01T11:00:00Z"))
        let noon = instant("2026-07-01T16:00:00Z")
        #expect(quiet.nextAllowed(after: noon) == noon)
    }

    @Test("quiet ending at 07:00 on the spring-forward night ends at 07:00 EDT, 8 hours after 22:00 EST")
    func springForward() throws {
        let quiet = try QuietHours(from: "22:00", to: "07:00", timeZone: newYork)
        let start = instant("2026-03-08T03:00:00Z")  // 22:00 EST on March 7
        #expect(quiet.nextAllowed(after: start) == instant("2026-03-08T11:00:00Z"))
    }

    @Test("an end time the clocks skip (02:30 on the spring-forward day) ends at the first instant after the gap")
    func skippedEnd() throws {
        let quiet = try QuietHours(from: "23:00", to: "02:30", timeZone: newYork)
        let during = instant("2026-03-08T05:00:00Z")  // 00:00 EST on March 8
        let allowed = quiet.nextAllowed(after: during)
        #expect(allowed == instant("2026-03-08T07:00:00Z"))  // 03:00 EDT, the first instant after the gap
        #expect(!quiet.isQuiet(at: allowed))
    }

    @Test("on the fall-back night quiet ends at the first 07:00, 10 hours after 22:00 EDT")
    func fallBack() throws {
        let quiet = try QuietHours(from: "22:00", to: "07:00", timeZone: newYork)
        #expect(quiet.nextAllowed(after: instant("2026-11-01T02:00:00Z")) == instant("2026-11-01T12:00:00Z"))
    }

    @Test("a malformed time is refused, naming it")
    func malformed() {
        let error = #expect(throws: DeliveryError.self) { try QuietHours(from: "25:00", to: "07:00", timeZone: newYork) }
        #expect(error?.message.contains("'25:00'") == true)
    }
}
