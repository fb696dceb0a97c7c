import Foundation
import FeedwatchModel
import FeedwatchNotify
import FeedwatchTestSupport
import Testing

@Suite("Composing alert emails")
struct EmailMessageTests {
    let from = try! EmailAddress("feedwatch@example.org", displayName: "feedwatch — alertas")
    let to = [try! EmailAddress("ana@example.net", displayName: "Ana Núñez"), try! EmailAddress("ops@example.net")]

    func parsed(_ alert: Alert, unsubscribe: String? = nil) throws -> (EmailMessage, EmailParser.Parsed) {
        let message = try AlertEmail.compose(
            alert, from: from, to: to, date: SampleAlert.date, list: ListHeaders(unsubscribe: unsubscribe.map { [$0] } ?? []))
        return (message, try EmailParser.parse(Data(message.rendered().utf8)))
    }

    @Test("an alert email parses back cleanly as multipart/alternative with text and HTML parts")
    func wellFormed() throws {
        let (_, email) = try parsed(SampleAlert.make())
        #expect(email.defects.isEmpty)
        #expect(email.content_type == "multipart/alternative")
        #expect(email.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(email.parts.allSatisfy { $0.charset == "utf-8" && $0.transfer_encoding == "quoted-printable" })
        #expect(email.crlf_only)
        #expect(email.seven_bit)
        #expect(email.longest_line <= 78)
    }

    @Test("Unicode subject and display names are RFC 2047 encoded and decode back exactly")
    func encodedWords() throws {
        let (message, email) = try parsed(SampleAlert.make())
        #expect(email.header("subject") == "[feedwatch] trade: Ecuador y EE. UU. firman acuerdo comercial")
        #expect(email.from_addresses?.first == ["feedwatch — alertas", "feedwatch@example.org"])
        #expect(email.to_addresses ?? [] == [["Ana Núñez", "ana@example.net"], ["", "ops@example.net"]])
        #expect(message.rendered().contains("=?UTF-8?B?"))
    }

    @Test("the headers say what the alert is: Date, Message-ID, MIME-Version, List-Id, Auto-Submitted")
    func headers() throws {
        let (_, email) = try parsed(SampleAlert.make(), unsubscribe: "mailto:feedwatch@example.org?subject=unsubscribe")
        #expect(email.header("date") == "Sun, 08 Mar 2026 14:05:00 +0000")
        #expect(email.header("mime-version") == "1.0")
        #expect(email.header("auto-submitted") == "auto-generated")
        #expect(email.header("list-id") == "feedwatch trade <trade.feedwatch.example.org>")
        #expect(email.header("list-unsubscribe") == "<mailto:feedwatch@example.org?subject=unsubscribe>")
        #expect(email.header("x-feedwatch-topic") == "trade")
        let messageID = try #require(email.header("message-id"))
        #expect(messageID.firstMatch(of: /^<[0-9a-f]{32}\.alert@example\.org>$/) != nil)
    }

    @Test("the Message-ID is the same every time for the same alert and differs between alerts")
    func stableMessageID() throws {
        let alert = SampleAlert.make()
        let first = try AlertEmail.compose(alert, from: from, to: to, date: SampleAlert.date)
        let retry = try AlertEmail.compose(alert, from: from, to: to, date: SampleAlert.date.addingTimeInterval(3600))
        let other = try AlertEmail.compose(SampleAlert.make(key: "entry-2"), from: from, to: to, date: SampleAlert.date)
        let otherTopic = try AlertEmail.compose(SampleAlert.make(topic: "migration"), from: from, to: to, date: SampleAlert.date)
        #expect(first.messageID == retry.messageID)
        #expect(first.messageID != other.messageID)
        #expect(first.messageID != otherTopic.messageID)
        #expect(first.messageID == MessageIdentity.messageID(for: alert, domain: "example.org"))
    }

    @Test("each part says why the alert fired: link, feed, matched terms with fields, snippet")
    func explainsMatch() throws {
        let (_, email) = try parsed(SampleAlert.make())
        let text = email.parts[0].content
        #expect(text.contains("Link:    https://example.com/news/acuerdo?id=1&lang=es"))
        #expect(text.contains("Feed:    Primicias <https://example.com/feed.xml>"))
        #expect(text.contains("Matched: \"acuerdo comercial\" (title), arancel* (summary)"))
        #expect(text.contains("Ecuador firma [acuerdo comercial]"))
        let html = email.parts[1].content
        #expect(html.contains("href=\"https://example.com/news/acuerdo?id=1&amp;lang=es\""))
        #expect(html.contains("arancel*"))
    }

    @Test("no line break in a feed's title, name or topic can add a header: CR, LF, NEL, U+2028, U+2029")
    func headerInjection() throws {
        let alert = SampleAlert.make(
            topic: "trade\r\nX-Topic-Injected: yes", title: SampleAlert.hostileTitle,
            feedName: "Feed\r\nX-Feed-Injected: yes")
        let hostileName = try EmailAddress("ana@example.net", displayName: "Ana\r\nBcc: evil@example.com")
        let message = try AlertEmail.compose(alert, from: from, to: [hostileName], date: SampleAlert.date)
        let email = try EmailParser.parse(Data(message.rendered().utf8))
        #expect(email.defects.isEmpty)
        let names = Set(email.header_names.map { $0.lowercased() })
        #expect(names.isDisjoint(with: ["bcc", "x-injected", "x-nel", "x-ls", "x-ps", "x-topic-injected", "x-feed-injected"]))
        #expect(email.headers["subject"]?.count == 1)
        let subject = try #require(email.header("subject"))
        #expect(!subject.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" })
        #expect(subject.hasPrefix("[feedwatch] trade X-Topic-Injected: yes: Breaking Bcc: victim@example.com"))
        #expect(email.to_addresses?.count == 1)
        #expect(email.crlf_only)
    }

    @Test("HTML from a feed is escaped and a javascript: link is dropped in the HTML part")
    func htmlInert() throws {
        let alert = SampleAlert.make(
            title: "<script>alert(1)</script>", link: "javascript:alert(document.cookie)",
            summary: "<img src=x onerror=alert(2)>", snippet: nil)
        let (_, email) = try parsed(alert)
        let html = email.parts[1].content
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!email.parts[0].content.contains("Link:"))
    }

    @Test("a very long subject folds into lines of at most 78 characters and decodes whole")
    func longSubjectFolds() throws {
        let title = String(repeating: "Relaciones Ecuador–Estados Unidos: minería crítica ", count: 6)
        let (message, email) = try parsed(SampleAlert.make(title: title))
        #expect(email.longest_line <= 78)
        #expect(email.raw_header_lines > 12)
        let subject = try #require(email.header("subject"))
        #expect(subject.hasPrefix("[feedwatch] trade: Relaciones Ecuador–Estados Unidos"))
        #expect(subject.hasSuffix("…"))
        #expect(message.rendered().split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test("an ASCII subject containing =? is encoded so it cannot be misread as an encoded-word")
    func fakeEncodedWord() throws {
        let (_, email) = try parsed(SampleAlert.make(title: "=?UTF-8?B?SGFja2Vk?= plain"))
        #expect(email.header("subject") == "[feedwatch] trade: =?UTF-8?B?SGFja2Vk?= plain")
    }

    @Test("a body line starting with a dot or From is encoded, and = never appears raw")
    func bodyLineStarts() throws {
        let alert = SampleAlert.make(title: "t", summary: nil, snippet: ".hidden\nFrom here = there")
        let message = try AlertEmail.compose(alert, from: from, to: to, date: SampleAlert.date)
        let rendered = message.rendered()
        #expect(!rendered.contains("\r\n.h"))
        #expect(!rendered.contains("\r\nFrom "))
        let email = try EmailParser.parse(Data(rendered.utf8))
        #expect(email.parts[0].content.contains(".hidden From here = there"))
    }

    @Test("an invalid address is refused, naming it", arguments: [
        "no-at-sign", "a@b\r\nBcc: x@y", "<a@b>", "a b@example.com", "@example.com", "a@", "a@exa mple.com",
    ])
    func invalidAddress(text: String) {
        #expect(throws: EmailError.invalidAddress(text)) { try EmailAddress(text) }
    }

    @Test("Name <address> parses, with or without quotes")
    func parsesMailbox() throws {
        let plain = try EmailAddress(parsing: "Feed Watch <fw@example.org>")
        #expect(plain.address == "fw@example.org" && plain.displayName == "Feed Watch")
        let quoted = try EmailAddress(parsing: "\"Watch, Feed\" <fw@example.org>")
        #expect(quoted.displayName == "Watch, Feed")
        #expect(quoted.headerValue == "\"Watch, Feed\" <fw@example.org>")
        #expect(try EmailAddress(parsing: "fw@example.org").displayName == nil)
    }

    @Test("a digest email carries both renderings and a Message-ID stable for the day")
    func digestEmail() throws {
        let message = try DigestEmail.compose(
            subject: "feedwatch digest 2026-03-08: 3 stories", day: "2026-03-08",
            timeZone: TimeZone(identifier: "America/Guayaquil")!, text: "plain digest\n", html: "<p>html digest</p>\n",
            from: from, to: to, date: SampleAlert.date)
        let again = try DigestEmail.compose(
            subject: "other", day: "2026-03-08", timeZone: TimeZone(identifier: "America/Guayaquil")!, text: "",
            html: "", from: from, to: to.reversed(), date: SampleAlert.date)
        #expect(message.messageID == again.messageID)
        let email = try EmailParser.parse(Data(message.rendered().utf8))
        #expect(email.defects.isEmpty)
        #expect(email.parts.map { $0.content.replacing("\r\n", with: "\n") } == ["plain digest\n", "<p>html digest</p>\n"])
        #expect(email.header("list-id") == "feedwatch digest <digest.feedwatch.example.org>")
    }
}
