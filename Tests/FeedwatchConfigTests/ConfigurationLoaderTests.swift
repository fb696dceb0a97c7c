import FeedwatchConfig
import FeedwatchModel
import Foundation
import Testing

@Suite("feeds.yml loading")
struct ConfigurationLoaderTests: ConfigurationText {
    let loader = ConfigurationLoader()

    @Test("a minimal file gives feeds, topics and default settings")
    func minimal() throws {
        let configuration = try load("""
            feeds:
              - https://example.org/feed.xml
              - url: http://127.0.0.1:8080/a.xml
                name: Local
                allow_private: true
                interval: 5m
            topics:
              migration:
                query: 'migrant* OR asylum'
              trade: '"trade deal"'
            """)
        #expect(configuration.feeds.map(\.url) == ["https://example.org/feed.xml", "http://127.0.0.1:8080/a.xml"])
        #expect(configuration.feeds[0].name == "https://example.org/feed.xml")
        #expect(configuration.feeds[1].name == "Local")
        #expect(configuration.feeds[1].allowPrivate)
        #expect(configuration.feeds[1].interval == 300)
        #expect(configuration.topics.map(\.name) == ["migration", "trade"])
        #expect(configuration.topics[0].query == "migrant* OR asylum")
        #expect(configuration.topics[1].query == "\"trade deal\"")
        #expect(configuration.settings.catchup == 86_400)
    }

    @Test("a query's location points at its first character inside the quotes")
    func queryLocation() throws {
        let configuration = try load("""
            feeds: []
            topics:
              migration:
                query: 'migrant* OR asylum'
            """)
        let location = try #require(configuration.queryLocations["migration"])
        #expect(location.line == 4)
        #expect(location.column == 13)
        #expect(location.position(ofOffset: 9) == (4, 22))
    }

    @Test("an unknown key is an error at its line and column, with a suggestion")
    func unknownKey() {
        let found = issues("""
            settings:
              intreval: 5m
            feeds: []
            topics: {}
            """)
        #expect(found == ["feeds.yml:2:3: settings: unknown key `intreval`; did you mean `interval`?"])
    }

    @Test("a feed's map: unknown and non-string keys are placed errors, a repeated key's last value wins")
    func feedMapKeys() throws {
        let found = issues("""
            feeds:
              - url: https://example.org/a
                intervall: 5m
                [x]: 1
              - {url: https://example.org/old, name: First, url: https://example.org/b, name: Second}
            topics: {}
            """)
        #expect(found == [
            "feeds.yml:3:5: feeds[0]: unknown key `intervall`; did you mean `interval`?",
            "feeds.yml:4:5: feeds[0]: keys must be strings",
        ])
        let configuration = try load("""
            feeds:
              - {url: https://example.org/old, name: First, url: https://example.org/b, name: Second, allow_private: true}
            topics: {}
            """)
        #expect(configuration.feeds.map(\.url) == ["https://example.org/b"])
        #expect(configuration.feeds.first?.name == "Second")
        #expect(configuration.feeds.first?.allowPrivate == true)
    }

    @Test("every problem is reported, not only the first")
    func manyProblems() {
        let found = issues("""
            settings:
              timezone: Mars/Olympus
              catchup: soon
            feeds:
              - ftp://example.org/feed
              - url: https://example.org/a
              - url: https://example.org/a
            topics:
              empty:
                query: ''
              nothing: {}
            """)
        #expect(found.count == 6)
        #expect(found[0].hasPrefix("feeds.yml:2:13: settings.timezone: unknown time zone 'Mars/Olympus'"))
        #expect(found[1].hasPrefix("feeds.yml:3:12: settings.catchup: 'soon' is not a duration"))
        #expect(found[2].contains("5:5: feeds[0].url: 'ftp://example.org/feed' is not an absolute http(s) URL"))
        #expect(found[3].contains("7:10: feeds[2].url: 'https://example.org/a' is listed twice"))
        #expect(found.contains { $0.contains("topics.empty.query: the query is empty") })
        #expect(found.contains { $0.contains("topics.nothing: missing `query`") })
    }

    @Test("a topic routes to configured channels only, and unknown channel names are errors")
    func topicChannels() throws {
        let configuration = try load("""
            notify:
              log: true
            feeds: []
            topics:
              trade:
                query: tariff
                channels: [log]
            """)
        #expect(configuration.topics[0].channels == ["log"])
        let found = issues("""
            notify:
              log: true
            feeds: []
            topics:
              trade:
                query: tariff
                channels: [email, pager]
            """)
        #expect(found.contains("feeds.yml:7:15: topics.trade.channels: unknown channel 'pager'; use log, email or webhook"))
        #expect(found.contains { $0.contains("topics.trade.channels: 'email' is not configured under notify") })
    }

    @Test("broken YAML names its position")
    func yamlSyntax() {
        let found = issues("feeds:\n  - url: [unclosed\ntopics: {}\n")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("feeds.yml:"))
        #expect(found[0].contains("YAML syntax"))
    }

    @Test("missing feeds and topics are named")
    func missingSections() {
        let found = issues("settings:\n  interval: 10m\n")
        #expect(found.contains { $0.contains("missing key `feeds`") })
        #expect(found.contains { $0.contains("missing key `topics`") })
    }

    @Test("an unreadable file is reported as such")
    func unreadable() {
        #expect {
            _ = try loader.load(path: "/nonexistent/feeds.yml")
        } throws: { error in
            (error as? ConfigurationError)?.isUnreadable == true
        }
    }

    @Test("the shipped feeds.yml is valid")
    func shippedFile() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("feeds.yml").path
        let configuration = try loader.load(path: path)
        #expect(configuration.feeds.count >= 10)
        #expect(Set(configuration.topics.map(\.name))
            == ["migration", "trade", "critical-minerals", "human-rights", "regional-security"])
    }

    @Test("durations and sizes read as people write them", arguments: [
        ("90s", 90.0), ("15m", 900), ("2h", 7200), ("1d", 86_400), ("45", 45), ("1.5h", 5400),
    ])
    func durations(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test("nonsense durations are refused", arguments: ["", "soon", "-5m", "5 minutes", "m"])
    func badDurations(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test("sizes use binary multiples")
    func sizes() {
        #expect(DurationText.bytes("10MB") == 10 << 20)
        #expect(DurationText.bytes("512 KB") == 512 << 10)
        #expect(DurationText.bytes("100") == 100)
        #expect(DurationText.bytes("lots") == nil)
    }
}
