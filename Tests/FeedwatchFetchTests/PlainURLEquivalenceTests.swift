@testable import FeedwatchCurl
import FeedwatchTestSupport
import Testing

/// `CurlURL` reads plain `http(s)://name[:port]/path` URLs from their bytes (`PlainHTTPURL`) and
/// leaves every other spelling to libcurl: both must give the same parts, or both none.
@Suite struct PlainURLEquivalenceTests {
    static let spellings = [
        "http://example.org/feed", "https://Example.ORG/feed.xml", "HTTP://example.org:8080/x", "HtTpS://a.b",
        "https://example.org:443/", "http://example.org:80/", "http://127.0.0.1:18777/typical/1000/0.xml",
        "http://localhost/", "http://localhost", "http://example.org?x=1", "http://example.org/?a=b&c=d;e",
        "http://example.org/a/../b/./c", "http://example.org//x", "http://example.org:/x", "http://example.org:0/",
        "http://example.org:080/", "http://example.org:65535/", "http://example.org:65536/", "http://example.org:99999/",
        "http://example.org:123456/", "http://127.1/", "http://0x7f.0.0.1/", "http://2130706433/", "http://127.0.0.01/",
        "http://127.000.0.1/", "http://256.0.0.1/", "http://1.2.3/", "http://1.2.3.4.5/", "http://1.2.3.4./",
        "http://1a.example.org/", "http://example.1a/", "http://example.0x1/", "http://a.0/", "http://0.a/",
        "http://-example.org/", "http://example-.org/", "http://exa_mple.org/", "http://example..org/",
        "http://.example.org/", "http://example.org./", "http://user@example.org/", "http://user:pw@example.org/",
        "http://[::1]:81/", "http://[::ffff:127.0.0.1]/", "http://example.org/%41", "http://example.org/#frag",
        "http://example.org/ a", "http://example.org/a b", "http://exámple.org/", "http://example.org/é",
        "http:/example.org/", "http:example.org", "http//example.org", "https:///x", "http://", "http://:80/",
        "ftp://example.org/", "file:///etc/passwd", "httpx://example.org/", "http://example.org\\x",
        "http://example.org/{x}", "http://example.org/[x]", "http://example.org/|", "http://example.org/\"",
        "http://EXAMPLE.org:8080?q", "http://x/", "http://x:1", "https://a-b-c.d-e.f/~u/!$&'()*+,;=:@/",
        String(repeating: "a", count: 63) + ".org", "http://" + String(repeating: "a.", count: 130) + "org/",
        "http://" + String(repeating: "a", count: 300) + ".org/",
    ]

    static func same(_ text: String) -> Bool {
        CurlURL(text) == CurlURL(parsedByCurl: text)
    }

    @Test("the plain path and libcurl agree on hand-written spellings")
    func handWritten() {
        for text in Self.spellings {
            #expect(Self.same(text), "\(text): \(String(describing: CurlURL(text))) vs \(String(describing: CurlURL(parsedByCurl: text)))")
        }
    }

    @Test("the usual feed URLs take the plain path")
    func usualTakePlainPath() {
        for text in [
            "http://127.0.0.1:18777/typical/1000/0.xml", "https://www.example.org/rss/world.xml",
            "https://feeds.example.com/news?format=rss&lang=es", "http://localhost:8080/feed",
        ] {
            #expect(PlainHTTPURL.parts(text) != nil, "\(text)")
        }
    }

    @Test("the plain path and libcurl agree on 40,000 random spellings")
    func random() {
        var generator = SeededGenerator(seed: 0x5EED_0009)
        let schemes = ["http://", "https://", "HTTP://", "Https://", "http:/", "http:", "ftp://", "http://u@", ""]
        let hosts = [
            "example.org", "a", "127.0.0.1", "127.1", "0x7f.1", "1.2.3.4", "010.1.1.1", "255.255.255.255", "256.1.1.1",
            "a-b.c", "-a.b", "a..b", ".a", "a.", "xn--bcher-kva.de", "EXAMPLE.COM", "1a.b", "b.1a", "[::1]", "ex_am.ple",
            "éx.org", "", "a.0", "2130706433", "12.34", "localhost",
        ]
        let ports = ["", ":80", ":443", ":8080", ":0", ":080", ":65535", ":65536", ":", ":x", ":99999"]
        let pieces = [
            "/", "/feed", "/a/b.xml", "?q=1", "&", "#f", "%20", "%", " ", "é", "/~u", "(", "*", "..", "//", ":", "@", "[", "]",
            "{", "|", "\\", "\"", "'", "=", ";", "+", "\t",
        ]
        for _ in 0..<40_000 {
            var text = schemes.randomElement(using: &generator)! + hosts.randomElement(using: &generator)!
            text += ports.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 0...4, using: &generator) { text += pieces.randomElement(using: &generator)! }
            if Int.random(in: 0..<8, using: &generator) == 0 {
                // A random byte-level edit: insert, delete or replace one character.
                var characters = Array(text)
                let alphabet = Array("aZ09.-:/?#@%[]_~ é\u{0}\n")
                let position = Int.random(in: 0...characters.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: characters.insert(alphabet.randomElement(using: &generator)!, at: position)
                case 1 where position < characters.count: characters.remove(at: position)
                default:
                    if position < characters.count { characters[position] = alphabet.randomElement(using: &generator)! }
                }
                text = String(characters)
            }
            guard Self.same(text) else {
                Issue.record("\(text): \(String(describing: CurlURL(text))) vs \(String(describing: CurlURL(parsedByCurl: text)))")
                return
            }
        }
    }
}
