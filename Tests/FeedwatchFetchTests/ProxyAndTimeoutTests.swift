import FeedwatchFetch
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("A feed's own proxy and time limits")
struct ProxyAndTimeoutTests {
    @Test("a feed's proxy carries its request, and the proxy's loopback address is not refused")
    func proxyCarriesRequest() async throws {
        let proxy = try FaultServerFixture()
        // The fault server answers absolute-form requests as a forward proxy would relay them. The
        // feed's host never resolves: only the proxy is connected to, and only the proxy is loopback.
        let request = FetchRequest(url: "http://feeds.example/feed?etag=p1", proxy: proxy.url(""))
        let response = try await proxy.fetcher.fetch(request)
        #expect(response.status == 200)
        #expect(response.etag == "p1")
        #expect(proxy.requests().contains("GET http://feeds.example/feed?etag=p1"))
    }

    @Test("a feed without a proxy (\"\") connects directly past the fetcher's proxy")
    func directPastFetcherProxy() async throws {
        // The fetcher's proxy is a closed port: whatever goes through it fails to connect.
        let fixture = try FaultServerFixture { $0.proxy = "http://127.0.0.1:1" }
        let throughProxy = try #require(await fixture.failure(fixture.request("/feed")))
        #expect(throughProxy.kind == .connect)
        var direct = fixture.request("/feed")
        direct.proxy = ""
        let response = try await fixture.fetcher.fetch(direct)
        #expect(response.status == 200)
        #expect(fixture.requests().contains("GET /feed"))
    }

    @Test("a feed's time limits replace the fetcher's")
    func ownTimeouts() async throws {
        // The fetcher would wait out this 30-second body (2 minutes in all); the feed allows 1.5 s, so
        // only its own limit can make the fetch time out.
        let fixture = try FaultServerFixture { $0.timeouts.totalSeconds = 120 }
        var request = fixture.request("/slow?bytes=100&interval=0.3")
        request.timeouts = FetchTimeouts(
            connectSeconds: 5, totalSeconds: 1.5, lowSpeedBytesPerSecond: 1, lowSpeedSeconds: 10)
        let error = try #require(await fixture.failure(request))
        #expect(error.kind == .timeout)
    }
}
