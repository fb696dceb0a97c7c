import FeedwatchConfig
import FeedwatchModel
import Foundation
import Testing

@Suite("feeds.yml volume-control and list-header keys")
struct VolumeConfigurationTests: ConfigurationText {
    static let email = """
          email:
            smtp: smtp://127.0.0.1:2525
            from: feedwatch@example.org
            to: ana@example.net
        """

    @Test("delivery modes, batch windows, caps and quiet hours are read, with notify defaults filling in")
    func readsEverything() throws {
        let configuration = try load("""
            settings:
              timezone: America/Guayaquil
            notify:
              batch: 30m
              max_per_hour: 20
              quiet_hours: "22:00-07:00"
            \(Self.email)
                unsubscribe: mailto:unsubscribe@example.org?subject=stop
                list_id: Alerts.Example.org
            feeds: []
            topics:
              trade:
                query: tariff
                batch: 15m
              migration:
                query: asylum
                delivery: batched
                max_per_hour: 5
              health:
                query: vaccine
              elections:
                query: ballot
                delivery: digest
            """)
        let notify = configuration.notify
        #expect(notify.quietHours == QuietHoursSetting(startMinutes: 22 * 60, endMinutes: 7 * 60))
        #expect(notify.email?.unsubscribe == ["mailto:unsubscribe@example.org?subject=stop"])
        #expect(notify.email?.listID == "alerts.example.org")
        #expect(configuration.volume(for: "trade") == TopicVolume(delivery: .batched, batchWindow: 900, maxPerHour: 20))
        #expect(configuration.volume(for: "migration") == TopicVolume(delivery: .batched, batchWindow: 1800, maxPerHour: 5))
        #expect(configuration.volume(for: "health") == TopicVolume(delivery: .immediate, batchWindow: 1800, maxPerHour: 20))
        #expect(configuration.volume(for: "elections").delivery == .digest)
    }

    @Test("without volume keys every topic is immediate, uncapped, never quiet")
    func defaults() throws {
        let configuration = try load("feeds: []\ntopics:\n  trade: tariff\n")
        #expect(configuration.volume(for: "trade") == TopicVolume(delivery: .immediate, batchWindow: 900, maxPerHour: nil))
        #expect(configuration.notify.quietHours == nil)
    }

    @Test("an unsubscribe list takes one mailto: and one https: URI")
    func unsubscribeList() throws {
        let configuration = try load("""
            notify:
            \(Self.email)
                unsubscribe: [ "mailto:u@example.org", "https://example.org/u?id=1" ]
            feeds: []
            topics: {}
            """)
        #expect(configuration.notify.email?.unsubscribe == ["mailto:u@example.org", "https://example.org/u?id=1"])
    }

    @Test("bad volume values are errors at FILE:LINE:COL naming the key")
    func badValues() {
        let found = issues("""
            notify:
              batch: 0s
              max_per_hour: 0
              quiet_hours: "22:00-24:00"
            feeds: []
            topics:
              trade:
                query: tariff
                delivery: immediate
                batch: 15m
              migration:
                query: asylum
                delivery: sometimes
              elections:
                query: ballot
                delivery: digest
                max_per_hour: 3
              health:
                query: vaccine
                batch: 3d
            """)
        #expect(found.contains("feeds.yml:2:10: notify.batch: '0s' is not a duration; write e.g. 90s, 15m, 2h or 1d"))
        #expect(found.contains("feeds.yml:3:17: notify.max_per_hour: expected a whole number greater than 0"))
        #expect(found.contains { $0.hasPrefix("feeds.yml:4:16: notify.quiet_hours: '22:00-24:00' is not a span of local time") })
        #expect(found.contains { $0.hasPrefix("feeds.yml:10:12: topics.trade.batch: only a topic with `delivery: batched`") })
        #expect(found.contains("feeds.yml:13:15: topics.migration.delivery: unknown 'sometimes'; use immediate, batched or digest"))
        #expect(found.contains { $0.hasPrefix("feeds.yml:17:19: topics.elections.max_per_hour: a topic with `delivery: digest`") })
        #expect(found.contains("feeds.yml:20:12: topics.health.batch: a batch window must be between 1s and 1d"))
        #expect(found.count == 7)
    }

    @Test("a List-Unsubscribe URI that could inject a header or is not mailto:/https: is refused, placed")
    func badUnsubscribe() {
        let found = issues("""
            notify:
            \(Self.email)
                unsubscribe:
                  - "mailto:u@example.org\\r\\nBcc: victim@example.com"
                  - "javascript:alert(1)"
                  - "https://example.org/a>b"
                  - "http://example.org/plain"
                list_id: "bad list!"
            feeds: []
            topics: {}
            """)
        #expect(found.contains { $0.hasPrefix("feeds.yml:7:9: notify.email.unsubscribe: 'mailto:u@example.org\\u{d}\\u{a}Bcc:") })
        #expect(found.contains("feeds.yml:8:9: notify.email.unsubscribe: 'javascript:alert(1)' must be a mailto: or https:// URI"))
        #expect(found.contains { $0.hasPrefix("feeds.yml:9:9: notify.email.unsubscribe: 'https://example.org/a>b' must not contain <") })
        #expect(found.contains("feeds.yml:10:9: notify.email.unsubscribe: 'http://example.org/plain' must be a mailto: or https:// URI"))
        #expect(found.contains("feeds.yml:7:7: notify.email.unsubscribe: give at most one mailto: and one https: URI"))
        #expect(found.contains { $0.hasPrefix("feeds.yml:11:14: notify.email.list_id: 'bad list!' is not a domain-style name") })
    }
}
