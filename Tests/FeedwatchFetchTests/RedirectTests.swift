import FeedwatchFetch
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("Redirects")
struct RedirectTests {
    @Test("a chain of five redirects is followed to the feed")
    func fiveRedirects() async throws {
        let fixture = try FaultServerFixture()
        let response = try await fixture.fetcher.fetch(fixture.request("/chain/5?code=302"))
        #expect(response.status == 200)
        #expect(response.finalURL == fixture.url("/feed"))
        #expect(response.permanentRedirect == nil)
    }

    @Test("a sixth redirect is refused as a permanent redirect failure")
    func sixRedirects() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/chain/6?code=302")))
        #expect(error.kind == .redirect)
        #expect(!error.isTemporary)
    }

    @Test("a redirect loop ends as a redirect failure after the limit")
    func loop() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(fixture.request("/loop")))
        #expect(error.kind == .redirect)
        #expect(fixture.requests().filter { $0 == "GET /loop" }.count == 6)
    }

    @Test("redirects to file:// and gopher:// are refused without being followed",
        arguments: ["file:///etc/passwd", "gopher://127.0.0.1:70/1"])
    func nonHTTPRedirect(target: String) async throws {
        let fixture = try FaultServerFixture()
        let path = "/redirect?code=302&to=\(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        let error = try #require(await fixture.failure(fixture.request(path)))
        #expect(error.kind == .redirect)
        #expect(error.message.contains("only http and https"))
    }

    @Test("a URL that is not http or https is refused before any transfer")
    func nonHTTPURL() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(FetchRequest(url: "file:///etc/passwd")))
        #expect(error.kind == .unsupportedScheme)
        #expect(!error.isTemporary)
    }

    @Test("a redirect to another loopback address that is not allowed is refused on connect")
    func redirectToPrivate() async throws {
        let fixture = try FaultServerFixture()
        let target = "http://127.0.0.2:\(fixture.server.port)/feed"
        let path = "/redirect?code=302&to=\(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        let error = try #require(await fixture.failure(fixture.request(path)))
        #expect(error.kind == .refused)
        #expect(error.message.contains("127.0.0.2"))
        #expect(error.message.contains("allow_private: true"))
        #expect(!fixture.requests().contains("GET /feed"))
    }

    @Test("a chain of 301 and 308 reports the new URL as a permanent redirect")
    func permanentChain() async throws {
        let fixture = try FaultServerFixture()
        let first = try await fixture.fetcher.fetch(fixture.request("/chain/2?code=301&final=/chain/1%3Fcode%3D308"))
        #expect(first.permanentRedirect == fixture.url("/feed"))
        // Then the feed is fetched at its new URL, with no redirect at all.
        let moved = try await fixture.fetcher.fetch(fixture.request("/feed"))
        #expect(moved.status == 200)
        #expect(moved.permanentRedirect == nil)
    }

    @Test("a 302 anywhere in the chain means the move is not permanent")
    func temporaryInChain() async throws {
        let fixture = try FaultServerFixture()
        let response = try await fixture.fetcher.fetch(
            fixture.request("/chain/1?code=301&final=/chain/1%3Fcode%3D302"))
        #expect(response.status == 200)
        #expect(response.permanentRedirect == nil)
    }
}
