@testable import FeedwatchFetch
import Foundation
import Testing
import FeedwatchTestSupport

@Suite("Address scopes")
struct AddressScopeTests {
    @Test("non-public IPv4 ranges are classified", arguments: [
        ("127.0.0.1", AddressScope.loopback), ("10.1.2.3", .private), ("172.16.0.1", .private),
        ("172.31.255.255", .private), ("192.168.1.1", .private), ("100.64.0.1", .private),
        ("169.254.169.254", .linkLocal), ("0.0.0.0", .unspecified), ("224.0.0.1", .multicast),
        ("255.255.255.255", .reserved), ("198.18.0.1", .reserved),
    ])
    func ipv4(address: String, scope: AddressScope) throws {
        let bytes = try #require(IPAddressLiteral.bytes(of: address))
        #expect(AddressScope(addressBytes: bytes) == scope)
    }

    @Test("public IPv4 and IPv6 addresses are public", arguments: ["8.8.8.8", "172.32.0.1", "93.184.216.34", "[2606:4700::1111]"])
    func publicAddresses(address: String) throws {
        let bytes = try #require(IPAddressLiteral.bytes(of: address))
        #expect(AddressScope(addressBytes: bytes) == .public)
    }

    @Test("non-public IPv6 ranges are classified, embedded IPv4 included", arguments: [
        ("[::1]", AddressScope.loopback), ("[::]", .unspecified), ("[::ffff:8.8.8.8]", .ipv4Mapped),
        ("[fe80::1]", .linkLocal), ("[fd00::1]", .uniqueLocal), ("[fc12::1]", .uniqueLocal),
        ("[64:ff9b::a00:1]", .private), ("[2002:7f00:1::]", .loopback), ("[ff02::1]", .multicast),
        ("[2001:db8::1]", .reserved),
    ])
    func ipv6(address: String, scope: AddressScope) throws {
        let bytes = try #require(IPAddressLiteral.bytes(of: address))
        #expect(AddressScope(addressBytes: bytes) == scope)
    }

    @Test("legacy IPv4 spellings read as the address the resolver would use",
        arguments: ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.0.1"])
    func legacySpellings(host: String) throws {
        let bytes = try #require(IPAddressLiteral.bytes(of: host))
        #expect(bytes.first == 127)
    }

    @Test("a host name is not an IP literal")
    func hostName() {
        #expect(IPAddressLiteral.bytes(of: "example.org") == nil)
        #expect(IPAddressLiteral.bytes(of: "localhost") == nil)
    }
}

@Suite("Retry-After, cache lifetime and response heads")
struct HeaderValueTests {
    let now = Date(timeIntervalSince1970: 1_764_000_000)

    @Test("Retry-After in seconds is read and capped")
    func retryAfterSeconds() {
        #expect(RetryAfter.seconds(from: "120", now: now) == 120)
        #expect(RetryAfter.seconds(from: " 0 ", now: now) == 0)
        #expect(RetryAfter.seconds(from: "99999999999999999999999", now: now) == 86_400)
        #expect(RetryAfter.seconds(from: "soon", now: now) == nil)
        #expect(RetryAfter.seconds(from: "-5", now: now) == nil)
    }

    @Test("Retry-After as an HTTP date counts from now; a past date means now")
    func retryAfterDate() {
        // 1764000000 is Mon, 24 Nov 2025 16:00:00 GMT.
        #expect(RetryAfter.seconds(from: "Mon, 24 Nov 2025 16:10:00 GMT", now: now) == 600)
        #expect(RetryAfter.seconds(from: "Monday, 24-Nov-25 16:10:00 GMT", now: now) == 600)
        #expect(RetryAfter.seconds(from: "Mon, 24 Nov 2025 15:00:00 GMT", now: now) == 0)
    }

    @Test("Cache-Control max-age wins over Expires, less Age; no-store gives none")
    func cacheLifetime() {
        #expect(CacheLifetime.seconds(cacheControl: "public, max-age=600", expires: nil, date: nil, age: "100", now: now) == 500)
        #expect(CacheLifetime.seconds(cacheControl: "no-store", expires: nil, date: nil, age: nil, now: now) == nil)
        #expect(CacheLifetime.seconds(cacheControl: nil, expires: nil, date: nil, age: nil, now: now) == nil)
        #expect(CacheLifetime.seconds(cacheControl: nil, expires: "Mon, 24 Nov 2025 17:00:00 GMT",
            date: "Mon, 24 Nov 2025 16:30:00 GMT", age: nil, now: now) == 1800)
        #expect(CacheLifetime.seconds(cacheControl: nil, expires: "0", date: nil, age: nil, now: now) == 0)
    }

    @Test("the response head keeps every hop's status and only the last response's fields")
    func responseHead() {
        var head = ResponseHead()
        for line in [
            "HTTP/1.1 301 Moved Permanently\r\n", "Location: /b\r\n", "ETag: \"old\"\r\n", "\r\n",
            "HTTP/1.1 100 Continue\r\n", "\r\n",
            "HTTP/2 200\r\n", "etag: \"new\"\r\n", "Cache-Control: public\r\n", "cache-control: max-age=60\r\n", "\r\n",
        ] {
            head.consume(line: line)
        }
        #expect(head.statuses == [301, 200])
        #expect(head.redirectStatuses == [301])
        #expect(head["etag"] == "\"new\"")
        #expect(head["location"] == nil)
        #expect(head["cache-control"] == "public, max-age=60")
    }

    @Test("a header value's bytes are read as UTF-8, an invalid byte repaired, other bytes kept")
    func responseHeadBytes() {
        var head = ResponseHead()
        let lines: [[UInt8]] = [
            Array("HTTP/1.1 200 OK\r\n".utf8), Array("ETag: \"caf\u{E9}\"\r\n".utf8),
            Array("Last-Modified: Mon".utf8) + [0xE9] + Array(" x\r\n".utf8),
        ]
        for line in lines { line.withUnsafeBytes { head.consume(line: $0) } }
        #expect(head["etag"] == "\"caf\u{E9}\"")
        #expect(head["last-modified"] == "Mon\u{FFFD} x")
    }
}

@Suite("Backoff and poll scheduling")
struct ScheduleTests {
    @Test("backoff doubles from the base, stays within the jitter band and never exceeds the cap")
    func exponential() {
        let policy = RetryPolicy(baseSeconds: 300, capSeconds: 86_400, jitterFraction: 0.2)
        var generator = SeededGenerator(state: 1)
        for failures in 1...30 {
            let delay = policy.delay(consecutiveFailures: failures, using: &generator)
            let nominal = min(300 * pow(2, Double(failures - 1)), 86_400)
            #expect(delay <= nominal && delay >= nominal * 0.8, "failure \(failures): \(delay)")
        }
    }

    @Test("jitter spreads delays for the same failure count")
    func jitterSpreads() {
        let policy = RetryPolicy()
        var generator = SeededGenerator(state: 7)
        let delays = Set((0..<20).map { _ in policy.delay(consecutiveFailures: 3, using: &generator) })
        #expect(delays.count > 15)
    }

    @Test("a longer Retry-After wins, but never past the cap")
    func retryAfterWins() {
        let policy = RetryPolicy(baseSeconds: 60)
        var generator = SeededGenerator(state: 3)
        #expect(policy.delay(consecutiveFailures: 1, retryAfter: 3600, using: &generator) == 3600)
        #expect(policy.delay(consecutiveFailures: 1, retryAfter: 10 * 86_400, using: &generator) == 86_400)
    }

    @Test("HTTP 410 means stop; other failures mean retry")
    func goneStops() {
        let policy = RetryPolicy()
        let gone = FetchError(kind: .httpStatus, message: "gone", url: "http://example.org/", status: 410, isTemporary: false)
        let busy = FetchError(kind: .httpStatus, message: "busy", url: "http://example.org/", status: 503,
            retryAfterSeconds: 7200, isTemporary: true)
        #expect(policy.decision(consecutiveFailures: 1, error: gone) == .stop)
        #expect(policy.decision(consecutiveFailures: 1, error: busy) == .retry(after: 7200))
    }

    @Test("the poll interval is raised by max-age and RSS ttl, capped, and never lowered")
    func pollInterval() {
        let schedule = PollSchedule(intervalSeconds: 900, maxIntervalSeconds: 86_400)
        #expect(schedule.baseInterval() == 900)
        #expect(schedule.baseInterval(maxAgeSeconds: 60) == 900)
        #expect(schedule.baseInterval(maxAgeSeconds: 3600) == 3600)
        #expect(schedule.baseInterval(ttlMinutes: 120) == 7200)
        #expect(schedule.baseInterval(maxAgeSeconds: 31_536_000) == 86_400)
    }

    @Test("poll jitter stays within ±10% and varies")
    func pollJitter() {
        let schedule = PollSchedule(intervalSeconds: 1000)
        var generator = SeededGenerator(state: 11)
        let values = (0..<50).map { _ in schedule.nextInterval(using: &generator) }
        #expect(values.allSatisfy { $0 >= 900 && $0 <= 1100 })
        #expect(Set(values).count > 40)
    }

    @Test("the default jitter source spreads draws from many threads over the whole band")
    func sharedJitterSource() async {
        let schedule = PollSchedule(intervalSeconds: 1000)
        let values = await withTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<250).map { _ in schedule.nextInterval() } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(values.count == 2000)
        #expect(values.allSatisfy { $0 >= 900 && $0 <= 1100 })
        // No two tasks drew the same numbers (one shared sequence), and the band is covered.
        #expect(Set(values).count > 1990)
        #expect(values.contains { $0 < 920 } && values.contains { $0 > 1080 })
        let backoff = RetryPolicy(baseSeconds: 300, jitterFraction: 0.2)
        let delays = (0..<200).map { _ in backoff.delay(consecutiveFailures: 1) }
        #expect(delays.allSatisfy { $0 >= 240 && $0 <= 300 })
        #expect(Set(delays).count > 190)
    }

    @Test("jitter never brings a poll before the server's max-age or the feed's ttl")
    func jitterAboveServerFloor() {
        let schedule = PollSchedule(intervalSeconds: 600)
        var generator = SeededGenerator(state: 5)
        let byTTL = (0..<50).map { _ in schedule.nextInterval(ttlMinutes: 60, using: &generator) }
        #expect(byTTL.allSatisfy { $0 >= 3600 && $0 <= 3960 })
        #expect(Set(byTTL).count > 40)
        let byMaxAge = (0..<50).map { _ in schedule.nextInterval(maxAgeSeconds: 1800, using: &generator) }
        #expect(byMaxAge.allSatisfy { $0 >= 1800 && $0 <= 1980 })
    }

    @Test("skipHours and skipDays move the next poll to the first allowed hour (UTC)")
    func skips() {
        let schedule = PollSchedule(intervalSeconds: 3600)
        // Mon, 24 Nov 2025 16:00:00 GMT; +1 h is 17:00, skip 17 and 18 → 19:00.
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        let next = schedule.nextPoll(after: start, interval: 3600, skipHours: [17, 18])
        #expect(next == start.addingTimeInterval(3 * 3600))
        let skipMonday = schedule.nextPoll(after: start, interval: 3600, skipDays: ["Monday"])
        #expect(skipMonday == Date(timeIntervalSince1970: 1_764_028_800))  // Tue 00:00 GMT
    }
}
