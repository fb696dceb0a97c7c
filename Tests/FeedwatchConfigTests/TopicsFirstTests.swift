import FeedwatchConfig
import Foundation
import Testing

/// `load(text:path:whenTopicsRead:)`: the topics handed over before the feeds are read, and the
/// problems of a file reported in the order they had when the feeds were read first.
@Suite("feeds.yml topics before feeds")
struct TopicsFirstTests: ConfigurationText {
    @Test("the callback gets the topics and their positions, no feeds, once")
    func early() throws {
        var calls: [Configuration] = []
        let configuration = try ConfigurationLoader().load(
            text: """
                settings:
                  interval: 5m
                feeds:
                  - https://example.org/a.xml
                  - {url: https://example.org/b.xml, allow_private: true}
                topics:
                  trade: '"trade deal"'
                  migration:
                    query: >-
                      migrant* OR asylum
                """, path: "feeds.yml", whenTopicsRead: { calls.append($0) })
        #expect(calls.count == 1)
        let early = try #require(calls.first)
        #expect(early.feeds.isEmpty)
        #expect(early.topics == configuration.topics)
        #expect(early.queryLocations == configuration.queryLocations)
        #expect(early.settings == configuration.settings)
        #expect(early.path == "feeds.yml")
        #expect(configuration.feeds.map(\.url) == ["https://example.org/a.xml", "https://example.org/b.xml"])
    }

    @Test("problems keep their order: missing feeds before missing topics at the same place")
    func missingBoth() {
        #expect(issues("settings:\n  interval: 5m\n") == [
            "feeds.yml:1:1: missing key `feeds`: list the feeds to watch (a URL or a map with `url`)",
            "feeds.yml:1:1: missing key `topics`: map each topic name to a map with `query`",
        ])
    }

    @Test("problems in settings, feeds, topics and channels come sorted by place, as before")
    func mixed() {
        let found = issues("""
            settings:
              interval: soon
            feeds:
              - ftp://example.org/a.xml
              - {url: https://example.org/b.xml, allow_private: maybe}
            topics:
              a:
                query: 'x'
                channels: [email]
                delivery: sometimes
              b: ''
            """)
        #expect(found == [
            "feeds.yml:2:13: settings.interval: 'soon' is not a duration; write e.g. 90s, 15m, 2h or 1d",
            "feeds.yml:4:5: feeds[0].url: 'ftp://example.org/a.xml' is not an absolute http(s) URL (or file:// path)",
            "feeds.yml:5:53: feeds[1].allow_private: expected true or false",
            "feeds.yml:9:15: topics.a.channels: 'email' is not configured under notify; add notify.email or remove it here",
            "feeds.yml:10:15: topics.a.delivery: unknown 'sometimes'; use immediate, batched or digest",
            "feeds.yml:11:6: topics.b.query: the query is empty",
        ])
    }

    @Test("a file with problems still hands over its topics, and still throws")
    func earlyThenThrow() {
        var calls = 0
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader().load(
                text: "feeds: 3\ntopics:\n  a: x\n", path: "feeds.yml", whenTopicsRead: { _ in calls += 1 })
        }
        #expect(calls == 1)
    }
}
