import FeedwatchStore
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("feedwatch check and match")
struct CheckAndMatchTests {
    @Test("check accepts the shipped feeds.yml")
    func shippedConfiguration() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("feeds.yml").path
        let result = try FeedwatchCommand.run(["check", "--config", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ok"))
    }

    /// Two topics, the second of which does not parse (line 7 of the file).
    static let brokenQueryConfig = """
        feeds:
          - https://example.org/feed.xml
        topics:
          good:
            query: 'asylum'
          bad:
            query: '(asylum OR'
        """

    @Test("check names a broken query as FILE:LINE:COL and exits 78")
    func brokenQuery() throws {
        let work = try TemporaryDirectory()
        let path = try work.write("feeds.yml", Self.brokenQueryConfig)
        let result = try FeedwatchCommand.run(["check", "--config", path])
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("\(path):7:"), "\(result.stderr)")
        #expect(result.stderr.contains("topics.bad.query"))
    }

    @Test("run names a broken query as FILE:LINE:COL, exits 78 and opens no database")
    func runWithBrokenQuery() throws {
        let work = try TemporaryDirectory()
        let path = try work.write("feeds.yml", Self.brokenQueryConfig)
        let result = try FeedwatchCommand.run(["run", "--once", "--config", path, "--state-dir", work.path("state")])
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("\(path):7:"), "\(result.stderr)")
        #expect(result.stderr.contains("topics.bad.query"))
        #expect(!FileManager.default.fileExists(atPath: work.path("state")))
    }

    /// With a database from an earlier run, `run` opens it while the queries are checked on another
    /// thread (RunCommand): the broken query must still stop it, first and alone, with nothing polled.
    @Test("run with a database already there still stops on a broken query, exit 78, nothing polled")
    func runWithBrokenQueryAndExistingDatabase() throws {
        let work = try TemporaryDirectory()
        let good = try work.write("good.yml", "feeds: []\ntopics:\n  good:\n    query: 'asylum'\n")
        let first = try FeedwatchCommand.run(["run", "--once", "--config", good, "--state-dir", work.path("state")])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: work.path("state/feedwatch.sqlite")))
        let path = try work.write("feeds.yml", Self.brokenQueryConfig)
        let result = try FeedwatchCommand.run(["run", "--once", "--config", path, "--state-dir", work.path("state")])
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("\(path):7:"), "\(result.stderr)")
        #expect(result.stderr.contains("topics.bad.query"))
        // Nothing was polled: the feed of the broken configuration never reached the store.
        let store = try Store(path: work.path("state/feedwatch.sqlite"))
        #expect(try store.feedStates().isEmpty)
    }

    @Test("check reports an unknown key and exits 78; a missing file exits 66")
    func badFiles() throws {
        let work = try TemporaryDirectory()
        let path = try work.write("feeds.yml", "feeds: []\ntopics: {}\nnotfy: {}\n")
        let result = try FeedwatchCommand.run(["check", "--config", path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(path):3:1: the top level: unknown key `notfy`; did you mean `notify`?"))
        let missing = try FeedwatchCommand.run(["check", "--config", work.path("nope.yml")])
        #expect(missing.status == 66)
    }

    @Test("match --json prints one line per item in document order with matched topics")
    func matchJSON() throws {
        let work = try TemporaryDirectory()
        let config = try work.write("feeds.yml", """
            feeds: []
            topics:
              migration:
                query: 'asylum OR deport*'
            """)
        let feed = try work.write("feed.xml", """
            <rss version="2.0"><channel><title>T</title>
            <item><guid>1</guid><title>Deportations rise</title><link>https://x.example/1</link></item>
            <item><guid>2</guid><title>Weather</title></item>
            </channel></rss>
            """)
        let result = try FeedwatchCommand.run(["match", "--json", "--explain", "--config", config, feed])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2)
        #expect(lines[0]?["id"] as? String == "1")
        let topics = lines[0]?["topics"] as? [[String: Any]]
        #expect(topics?.first?["topic"] as? String == "migration")
        #expect((topics?.first?["terms"] as? [String])?.contains("deport*") == true)
        #expect((lines[1]?["topics"] as? [Any])?.isEmpty == true)
        #expect(lines[1]?.keys.contains("link") == true)
    }
}
