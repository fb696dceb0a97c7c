import FeedwatchCurl
import Testing

/// `CurlURL` answers http and https default ports itself and asks libcurl for the rest; both must say
/// what libcurl's own default-port answer says.
@Suite struct CurlURLTests {
    @Test(arguments: [
        ("http://example.org/feed", "http", "example.org", 80, nil),
        ("https://Example.ORG/feed", "https", "example.org", 443, nil),
        ("HTTP://example.org:8080/x", "http", "example.org", 8080, 8080),
        ("https://example.org:443/", "https", "example.org", 443, 443),
        ("http://[::1]:81/", "http", "[::1]", 81, 81),
        ("http://2130706433/", "http", "127.0.0.1", 80, nil),
        ("ftp://example.org/file", "ftp", "example.org", 21, nil),
        ("gopher://example.org/", "gopher", "example.org", 70, nil),
    ] as [(String, String, String, Int, Int?)])
    func parts(_ text: String, scheme: String, host: String, port: Int, explicitPort: Int?) throws {
        let url = try #require(CurlURL(text))
        #expect(url.scheme == scheme)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.explicitPort == explicitPort)
        #expect(url.hostAndPort == "\(host):\(port)")
    }

    @Test func unreadableIsNil() {
        #expect(CurlURL("not a url at all") == nil)
    }
}
