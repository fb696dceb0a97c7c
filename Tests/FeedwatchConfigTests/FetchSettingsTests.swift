import FeedwatchConfig
import Foundation
import Testing

@Suite("feeds.yml: proxy, timeouts and headers")
struct FetchSettingsTests: ConfigurationText {
    @Test("a global proxy and timeouts apply to every feed; a feed overrides them field by field")
    func globalAndPerFeed() throws {
        let configuration = try load("""
            settings:
              proxy: http://proxy.example.org:3128
              timeout: {connect: 10s, total: 2m, low_speed: 30s, low_speed_limit: 1KB}
            feeds:
              - https://example.org/a.xml
              - url: https://example.org/b.xml
                proxy: socks5h://127.0.0.1:1080
                timeout: {total: 20s}
                headers: {Authorization: "Bearer abc", X-Trace: "1"}
              - url: https://example.org/c.xml
                proxy: none
                timeout: 45s
            topics: {}
            """)
        #expect(configuration.settings.proxy == .url("http://proxy.example.org:3128"))
        #expect(configuration.settings.timeouts
            == TimeoutSettings(connect: 10, total: 120, lowSpeedTime: 30, lowSpeedLimit: 1024))
        let feeds = configuration.feeds
        #expect(feeds[0].proxy == nil)
        #expect(feeds[0].timeouts.isEmpty)
        #expect(feeds[1].proxy == .url("socks5h://127.0.0.1:1080"))
        #expect(feeds[1].timeouts.over(configuration.settings.timeouts)
            == TimeoutSettings(connect: 10, total: 20, lowSpeedTime: 30, lowSpeedLimit: 1024))
        #expect(feeds[1].headers == ["Authorization": "Bearer abc", "X-Trace": "1"])
        #expect(feeds[2].proxy == .direct)
        #expect(feeds[2].proxy?.curlValue == "")
        #expect(feeds[2].timeouts == TimeoutSettings(total: 45))
    }

    @Test("a proxy that is not a proxy URL is an error at its line and column")
    func badProxies() {
        let found = issues("""
            settings:
              proxy: ftp://proxy.example.org
            feeds:
              - url: https://example.org/a.xml
                proxy: proxy.example.org:3128
              - url: https://example.org/b.xml
                proxy: http://proxy.example.org:3128/path
              - url: https://example.org/c.xml
                proxy: [http://a]
            topics: {}
            """)
        #expect(found.count == 4)
        #expect(found[0].hasPrefix("feeds.yml:2:10: settings.proxy: unsupported proxy scheme 'ftp'"))
        #expect(found[1].hasPrefix("feeds.yml:5:12: feeds[0].proxy:"))
        #expect(found[2].hasPrefix("feeds.yml:7:12: feeds[1].proxy:"))
        #expect(found[2].contains("no path or query"))
        #expect(found[3].hasPrefix("feeds.yml:9:12: feeds[2].proxy: expected a single value"))
    }

    @Test("timeouts must be durations, known keys, and connect no longer than total")
    func badTimeouts() {
        let found = issues("""
            settings:
              timeout: {connect: 2m}
            feeds:
              - url: https://example.org/a.xml
                timeout: {conect: 5s, total: soon}
              - url: https://example.org/b.xml
                timeout: {connect: 30s, total: 10s}
              - url: https://example.org/c.xml
                timeout: {total: 1m}
              - url: https://example.org/d.xml
                timeout: [1s]
            topics: {}
            """)
        #expect(found.count == 5)
        #expect(found[0].hasPrefix("feeds.yml:5:15: feeds[0].timeout: unknown key `conect`; did you mean `connect`?"))
        #expect(found[1].hasPrefix("feeds.yml:5:34: feeds[0].timeout.total: 'soon' is not a duration"))
        #expect(found[2].hasPrefix("feeds.yml:7:24: feeds[1].timeout.connect: 30 s is longer than the total of 10 s"))
        #expect(found[3].hasPrefix("feeds.yml:9:14: feeds[2].timeout: the connect time (120 s) is longer than the total (60 s)"))
        #expect(found[4].hasPrefix("feeds.yml:11:14: feeds[3].timeout: expected a duration"))
    }
}
