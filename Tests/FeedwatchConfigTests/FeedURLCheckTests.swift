@testable import FeedwatchConfig
import Foundation
import Testing

@Suite("Feed URL check")
struct FeedURLCheckTests {
    /// Pieces that URLs are made of, plain and awkward.
    static let schemes = ["http://", "https://", "HTTP://", "hTtPs://", "ftp://", "http:/", "http:", "file://", "", "https//"]
    static let hosts = [
        "example.org", "EXAMPLE.org", "127.0.0.1", "a", "x-y.z", "-", ".", "1.2.3.4.5", "[::1]", "user@host",
        "user:pw@host", "ho st", "hôst.example", "h%41st", "", "host_name", "a..b",
    ]
    static let ports = ["", ":80", ":8080", ":0", ":65535", ":65536", ":99999", ":", ":x", ":123456"]
    static let paths = [
        "", "/", "/feed.xml", "/a/b/c?x=1&y=2", "?q=1", "/p;a=b", "/~user/rss", "/a b", "/caf\u{E9}", "/%20",
        "/%zz", "#top", "/x#frag", "/[x]", "/a@b", "/it's(1)*+,;=:!$", "/\\", "/a|b", "/\"q\"", "/<x>", "/^",
        "/`", "/{x}", "/x\n", "//double", "/?/?",
    ]

    @Test("the quick answer agrees with Foundation's parser wherever it gives one")
    func agreesWithFoundation() {
        var answered = 0
        var total = 0
        for scheme in Self.schemes {
            for host in Self.hosts {
                for port in Self.ports {
                    for path in Self.paths {
                        let text = scheme + host + port + path
                        total += 1
                        guard let quick = FeedURLCheck.quickAnswer(text) else { continue }
                        answered += 1
                        #expect(quick == FeedURLCheck.foundationAnswer(text), "\(text.debugDescription)")
                    }
                }
            }
        }
        // The common spellings are answered quickly (otherwise the check is pointless).
        #expect(answered > 1000, "\(answered) of \(total) answered quickly")
        #expect(FeedURLCheck.quickAnswer("https://example.org/feed.xml") == true)
        #expect(FeedURLCheck.quickAnswer("http://127.0.0.1:8080/1000/7.xml") == true)
    }

    @Test("what the quick answer leaves alone is still decided", arguments: [
        ("https://user@example.org/feed", true), ("http://[::1]:8080/feed", true), ("file:///srv/feed.xml", true),
        ("ftp://example.org/feed", false), ("http://", false), ("https:///feed", false), ("not a url", false),
        ("http://example.org/a%20b", true),
    ])
    func fallback(text: String, expected: Bool) {
        #expect(FeedURLCheck.isFeedURL(text) == expected)
    }
}
