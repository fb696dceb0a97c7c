import Foundation
import FeedwatchNotify
import FeedwatchTestSupport
import Testing

@Suite("feedwatch notify against a real SMTP server on loopback", .serialized)
struct NotifyCommandTests {
    static let feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Test feed</title><link>https://example.com/</link>
        <item><guid>one</guid><title>Ecuador y EE. UU. firman acuerdo comercial</title>
        <link>https://example.com/1</link><description>Primer artículo.</description></item>
        <item><guid>two</guid><title>Breaking&#13;&#10;Bcc: victim@example.com &lt;script&gt;x&lt;/script&gt;</title>
        <link>javascript:alert(1)</link></item>
        </channel></rss>
        """

    @Test("each item arrives as one well-formed alert email, and stdout lists the Message-IDs")
    func sendsItems() throws {
        let server = try LoopbackSMTPServer()
        let directory = try TemporaryDirectory()
        let file = try directory.write("feed.xml", Self.feed)
        let result = try FeedwatchCommand.run([
            "notify", "--smtp", server.url, "--to", "Ana <ana@example.net>", "--from", "FW <fw@example.org>", file,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("sent <") })
        let messages = server.waitForMessages(2)
        try #require(messages.count == 2)
        let first = try EmailParser.parse(messages[0].raw)
        let second = try EmailParser.parse(messages[1].raw)
        #expect(first.defects.isEmpty && second.defects.isEmpty)
        #expect(first.header("subject") == "[feedwatch] test: Ecuador y EE. UU. firman acuerdo comercial")
        #expect(second.header("bcc") == nil)
        #expect(messages[1].envelope.rcpt_tos == ["ana@example.net"])
        #expect(!second.parts[1].content.contains("<script"))
        #expect(!second.parts[1].content.contains("javascript:"))
    }

    @Test("a 5xx refusal exits 69, the server down exits 75")
    func failures() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("feed.xml", Self.feed)
        let server = try LoopbackSMTPServer()
        try server.setReply("554 5.7.1 relay denied")
        let refused = try FeedwatchCommand.run(["notify", "--smtp", server.url, "--to", "a@example.net", file])
        #expect(refused.status == 69)
        #expect(refused.stderr.contains("554"))

        var gone: LoopbackSMTPServer? = try LoopbackSMTPServer()
        let url = try #require(gone?.url)
        gone = nil
        let down = try FeedwatchCommand.run(["notify", "--smtp", url, "--to", "a@example.net", file])
        #expect(down.status == 75)
    }

    @Test("bad input exits with its sysexits status: 64 usage, 65 not a feed, 66 no file")
    func badInput() throws {
        let directory = try TemporaryDirectory()
        let notFeed = try directory.write("x.txt", "hello")
        let usage = try FeedwatchCommand.run(["notify", "--smtp", "http://x", "--to", "a@example.net", notFeed])
        #expect(usage.status == 64)
        let badAddress = try FeedwatchCommand.run(["notify", "--smtp", "smtp://127.0.0.1:1", "--to", "a\r\nb", notFeed])
        #expect(badAddress.status == 64)
        let data = try FeedwatchCommand.run(["notify", "--smtp", "smtp://127.0.0.1:1", "--to", "a@example.net", notFeed])
        #expect(data.status == 65)
        let missing = try FeedwatchCommand.run([
            "notify", "--smtp", "smtp://127.0.0.1:1", "--to", "a@example.net", directory.path("none.xml"),
        ])
        #expect(missing.status == 66)
    }
}
