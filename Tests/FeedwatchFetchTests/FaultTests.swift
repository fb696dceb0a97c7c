import FeedwatchFetch
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("Faults: caps, timeouts, resets and error statuses")
struct FaultTests {
    @Test("a gzip bomb stops at the decoded-body cap as tooLarge, permanently")
    func gzipBomb() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/bomb?mb=20", maxBodyBytes: 1 << 20)))
        #expect(error.kind == .tooLarge)
        #expect(!error.isTemporary)
        #expect(error.message.contains(fixture.url("/bomb?mb=20")))
    }

    @Test("an endless chunked body stops at the cap quickly")
    func endlessBody() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/endless", maxBodyBytes: 2 << 20)))
        #expect(error.kind == .tooLarge)  // the server would send for 60 s and then end the body
    }

    @Test("a body within the cap is accepted whole")
    func withinCap() async throws {
        let fixture = try FaultServerFixture()
        let response = try await fixture.fetcher.fetch(fixture.request("/bomb?mb=1", maxBodyBytes: 2 << 20))
        #expect(response.body.count == 1 << 20)
    }

    @Test("a stalled body is aborted by the low-speed limit as a temporary timeout")
    func stalledBody() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/stall")))
        // Only libcurl's low-speed timer yields a timeout here: the server stays silent for 30 s and
        // then closes, which would be a protocol failure (a short body) instead.
        #expect(error.kind == .timeout)
        #expect(error.isTemporary)
    }

    @Test("a body slower than the total timeout fails as a timeout")
    func slowBody() async throws {
        let fixture = try FaultServerFixture { $0.timeouts.totalSeconds = 1.5 }
        let start = Date()
        let error = try #require(await fixture.failure(fixture.request("/slow?bytes=100&interval=0.3")))
        // About 3 bytes a second is above the low-speed limit (1 B/s), so only the total timeout can
        // stop this 30-second body; the wall time is not asserted tightly because tests share two cores.
        #expect(error.kind == .timeout)
        #expect(Date().timeIntervalSince(start) >= 1.2)
    }

    @Test("a connection reset mid-response is a temporary protocol failure")
    func connectionReset() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/reset")))
        #expect(error.kind == .protocol)
        #expect(error.isTemporary)
    }

    @Test("a closed port is a temporary connect failure")
    func closedPort() async throws {
        let fixture = try FaultServerFixture()
        // Port 9 (discard) on loopback has no listener here; allowed so the policy does not refuse it.
        let request = FetchRequest(url: "http://127.0.0.1:9/feed", allowedHosts: ["127.0.0.1:9"])
        let error = try #require(await fixture.failure(request))
        #expect(error.kind == .connect)
        #expect(error.isTemporary)
    }

    @Test("HTTP 500 is a temporary httpStatus failure carrying the status")
    func serverError() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/status/500")))
        #expect(error.kind == .httpStatus)
        #expect(error.status == 500)
        #expect(error.isTemporary)
        #expect(error.message.contains("HTTP 500"))
    }

    @Test("HTTP 404 is permanent and 410 says the feed is gone")
    func clientErrors() async throws {
        let fixture = try FaultServerFixture()
        let missing = try #require(await fixture.failure(fixture.request("/status/404")))
        #expect(!missing.isTemporary)
        #expect(!missing.isGone)
        let gone = try #require(await fixture.failure(fixture.request("/status/410")))
        #expect(gone.isGone)
        #expect(!gone.isTemporary)
        #expect(gone.message.contains("Gone"))
    }

    @Test("HTTP 429 with Retry-After in seconds reports the delay")
    func tooManyRequests() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/status/429?retry=120")))
        #expect(error.status == 429)
        #expect(error.retryAfterSeconds == 120)
        #expect(error.isTemporary)
    }

    @Test("HTTP 503 with Retry-After as an HTTP date reports the seconds until then")
    func unavailableUntilDate() async throws {
        let fixture = try FaultServerFixture()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: Date().addingTimeInterval(600))
        let encoded = date.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let error = try #require(await fixture.failure(fixture.request("/status/503?retry=\(encoded)")))
        let seconds = try #require(error.retryAfterSeconds)
        #expect(seconds > 590 && seconds <= 601)
    }

    @Test("a Retry-After of a year is capped at a day")
    func retryAfterCapped() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/status/429?retry=31536000")))
        #expect(error.retryAfterSeconds == 86_400)
    }
}
