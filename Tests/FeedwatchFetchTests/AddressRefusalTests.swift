import FeedwatchFetch
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("Private and loopback destinations")
struct AddressRefusalTests {
    @Test("every spelling of 127.0.0.1 is refused when not allowed, and nothing reaches the server",
        arguments: ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::ffff:127.0.0.1]", "[::1]"])
    func loopbackSpellings(host: String) async throws {
        let fixture = try FaultServerFixture()
        let url = "http://\(host):\(fixture.server.port)/feed"
        let error = try #require(await fixture.failure(FetchRequest(url: url)))
        #expect(error.kind == .refused)
        #expect(!error.isTemporary)
        #expect(error.message.contains(url))
        #expect(error.message.contains("--allow-host"))
        #expect(fixture.requests().isEmpty)
    }

    @Test("a host name resolving to loopback is refused on the address libcurl connects to")
    func nameResolvingToLoopback() async throws {
        let fixture = try FaultServerFixture()
        let error = try #require(await fixture.failure(FetchRequest(url: "http://localhost:\(fixture.server.port)/feed")))
        #expect(error.kind == .refused)
        #expect(error.message.contains("loopback"))
        #expect(fixture.requests().isEmpty)
    }

    @Test("allowing host:port, or the host name, or allow_private permits the loopback server")
    func allowed() async throws {
        let fixture = try FaultServerFixture()
        let port = fixture.server.port
        for request in [
            FetchRequest(url: "http://127.0.0.1:\(port)/feed", allowedHosts: ["127.0.0.1:\(port)"]),
            FetchRequest(url: "http://localhost:\(port)/feed", allowedHosts: ["localhost"]),
            FetchRequest(url: "http://127.1:\(port)/feed", allowPrivate: true),
        ] {
            let response = try await fixture.fetcher.fetch(request)
            #expect(response.status == 200)
        }
    }

    @Test("allowing one port does not allow another port on the same address")
    func otherPortStillRefused() async throws {
        let fixture = try FaultServerFixture()
        let request = FetchRequest(url: "http://127.0.0.1:\(fixture.server.port)/feed", allowedHosts: ["127.0.0.1:1"])
        let error = try #require(await fixture.failure(request))
        #expect(error.kind == .refused)
    }
}
