import Foundation
import FeedwatchTestSupport
import Testing

/// `feedwatch parse` as shared/spec/cli.md describes it, run as a real process.
@Suite("feedwatch parse")
struct ParseCommandTests {
    @Test("--json prints one parse-json.md document and exits 0")
    func jsonOutput() throws {
        let path = Fixtures.directory.appendingPathComponent("rss_content_encoded.xml").path
        let result = try FeedwatchCommand.run(["parse", "--json", "--base-url", Fixtures.baseURL, path])
        #expect(result.status == 0)
        let golden = String(decoding: try Fixtures.data("rss_content_encoded.golden.json"), as: UTF8.self)
        #expect(result.stdout == golden)
    }

    @Test("several files give JSON Lines in argument order")
    func jsonLines() throws {
        let first = Fixtures.directory.appendingPathComponent("atom03_base64.xml").path
        let second = Fixtures.directory.appendingPathComponent("json_feed_1_1.json").path
        let result = try FeedwatchCommand.run(["parse", "--json", second, first])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("{\"format\":\"json\"") == true)
        #expect(lines.last?.hasPrefix("{\"format\":\"atom\"") == true)
    }

    @Test("without --json each file gets one summary line, warnings go to stderr")
    func summaryLines() throws {
        let recovered = Fixtures.directory.appendingPathComponent("rss_bare_ampersand.xml").path
        let result = try FeedwatchCommand.run(["parse", recovered])
        #expect(result.status == 0)
        #expect(result.stdout == "\(recovered): rss 2.0, 1 item, 1 warning\n")
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("\(recovered): warning: ") })
    }

    @Test("standard input is read with -")
    func standardInput() throws {
        let document = Data("<rss version=\"2.0\"><channel><title>stdin</title></channel></rss>".utf8)
        let result = try FeedwatchCommand.run(["parse", "--json", "-"], input: document)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"title\":\"stdin\""))
    }

    @Test("a document that is not a feed exits 65 with one line on stderr and nothing on stdout")
    func notAFeed() throws {
        let result = try FeedwatchCommand.run(["parse", "--json", "-"], input: Data("<html><body>hi</body></html>".utf8))
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("a missing file exits 66")
    func missingFile() throws {
        let result = try FeedwatchCommand.run(["parse", "/nonexistent/feed.xml"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/feed.xml"))
    }
}
