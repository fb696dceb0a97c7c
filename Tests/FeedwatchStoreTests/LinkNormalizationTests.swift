@testable import FeedwatchStore
import Testing

/// `EntryKey.normalizedLink` takes a byte-level way for plain links and Foundation's URL parser for the
/// rest. Stored link keys and `link:` entry keys must not change with that: a changed key would make
/// an item already seen new again (a second alert) and stop recognising the same page across feeds.
@Suite("Link normalization: the fast way and Foundation's agree")
struct LinkNormalizationTests {
    /// Links as feeds write them, and the edge cases of every part the fast way reads.
    static let samples: [String] = {
        var links = [
            "http://127.0.0.1/0000005/03", "https://example.org", "https://example.org/", "HTTP://EXAMPLE.ORG/A/B",
            "hTTps://Example.Org/Path/To?Q=1", "http://example.org:80/x", "https://example.org:443/x",
            "http://example.org:8080/x", "http://example.org:08080/x", "http://example.org:/x",
            "http://example.org:99999/x",
            "http://example.org:65536/", "http://example.org:0/", "http://example.org:1", "https://example.org?x=1",
            "https://example.org#top", "https://example.org/?", "https://example.org/?#", "https://example.org/#",
            "https://example.org/a?b=1&utm_source=rss&c=2", "https://example.org/a?utm_source=rss",
            "https://example.org/a?UTM_Medium=x&fbclid=abc", "https://example.org/a?FBCLID=1&b",
            "https://example.org/a?b&c",
            "https://example.org/a?b=&c=", "https://example.org/a?=b", "https://example.org/a?b==c",
            "https://example.org/a?&b=1",
            "https://example.org/a?b=1&", "https://example.org/a?b=1&&c=2", "https://example.org/a?b=1#frag",
            "https://example.org/a?b=a+b", "https://example.org/a?b=a%20b", "https://example.org/a?b=%7E",
            "https://example.org/a?b=~_.-",
            "https://example.org/a?b=1;c=2", "https://example.org/a?b=/c", "https://example.org/a?b=?c",
            "https://example.org/a?b=@c",
            "https://example.org/a%20b", "https://example.org/a%2Fb", "https://example.org/a%zz",
            "https://example.org/a%2",
            "https://example.org/caf%C3%A9", "https://example.org/a,b;c=d:e@f!$&'()*+", "https://example.org/a b",
            "https://example.org/a\"b", "https://example.org/a<b>", "https://example.org/a{b}",
            "https://example.org/a|b",
            "https://example.org/a\\b", "https://example.org/a^b", "https://example.org/a`b",
            "https://example.org/a[b]",
            "https://example.org/a#b#c", "https://example.org/a#b?c/d", "https://example.org/a#b%20c",
            "https://example.org/a#b c",
            "https://example.org/a#%zz", "https://user@example.org/", "https://user:pw@example.org/", "https://[::1]/",
            "https://[2001:db8::1]:8080/x", "https://xn--caf-dma.example/", "https://a.xn--caf-dma.example/x",
            "https://xn--zz.example/", "https://café.example/", "https://exa_mple.org/", "https://-example.org/",
            "https://example-.org/", "https://example..org/", "https://.example.org/", "https://example.org./",
            "https://1.2.3.4/", "https://999.999.999.999/", "https://0x7f.1/", "https:/example.org/",
            "https:example.org",
            "http//example.org", "https://", "https:///path", "https://?x", "https://#x", "ftp://example.org/x",
            "httpx://example.org/", "httpsx://example.org/", "mailto:a@example.org", "", " ", "https://example.org/ ",
            " https://example.org/", "\thttps://example.org/\n", "https://example.org/\u{00A0}",
            "https://exa mple.org/",
            "https://example.org/päth", "https://example.org/?q=ä", "https://example.org/#ä", "//example.org/x",
            "/relative/path", "https://example.org/a/../b/./c", "https://example.org//double", "https://EXAMPLE.org:80",
            "https://example.org:443?utm_campaign=x", "https://example.org/a?ref_src=x&ito=1&ocid=2&cmpid=3",
            "https://example.org/a?mc_cid=1&mc_eid=2&igshid=3&msclkid=4&gclid=5&dclid=6",
            "https://example.org/a?utm_=1", "https://example.org/a?utm=1", "https://example.org/a?xutm_source=1",
        ]
        // Generated combinations of every part: scheme spelling, host case, port, path, query, fragment.
        let schemes = ["http", "HTTPS", "Https"]
        let hosts = ["Example.ORG", "news.example.co.uk", "127.0.0.1", "a-b.example"]
        let ports = ["", ":80", ":443", ":8443", ":01"]
        let paths = ["", "/", "/2026/11/29/story-title", "/a%2Fb/c", "/a;b", "/~user/x.html", "/a:b@c"]
        let queries = [
            "", "?", "?p=123", "?utm_source=feed&p=1", "?p=1&utm_medium=x", "?gclid=z", "?a=b%3Dc", "?a=b+c", "?A=B",
        ]
        let fragments = ["", "#", "#comments", "#a/b?c"]
        for scheme in schemes {
            for host in hosts {
                for port in ports {
                    for path in paths {
                        for query in queries {
                            for fragment in fragments {
                                links.append("\(scheme)://\(host)\(port)\(path)\(query)\(fragment)")
                            }
                        }
                    }
                }
            }
        }
        return links
    }()

    @Test("every link the fast way takes normalizes exactly as through Foundation")
    func fastWayAgrees() {
        var disagreements: [String] = []
        var fastCount = 0
        for link in Self.samples {
            guard let fast = SimpleLink.normalized(link) else { continue }
            fastCount += 1
            let reference = EntryKey.foundationNormalizedLink(link)
            if fast != reference { disagreements.append("\(link): fast \(fast), Foundation \(reference ?? "nil")") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
        // Most generated links are plain (the others have a leading-zero port, an empty query, or a
        // query with escapes or `+`): the comparison covers the fast way, not just the fallback.
        #expect(fastCount > 7_000, "only \(fastCount) of \(Self.samples.count) links took the fast way")
    }

    @Test("links as feeds write them take the fast way")
    func plainLinksAreFast() {
        let plain = [
            "http://127.0.0.1/0000005/03", "https://www.example.org/2026/11/29/story-title/",
            "https://example.org/news/article.html?id=42&utm_source=rss", "HTTPS://Example.org/a#top",
            "https://example.org:8443/x",
        ]
        for link in plain { #expect(SimpleLink.normalized(link) != nil, "\(link)") }
        #expect(
            SimpleLink.normalized("https://example.org/news/article.html?id=42&utm_source=rss")
                == "https://example.org/news/article.html?id=42")
        #expect(EntryKey.normalizedLink("HTTP://A.example:80/x?utm_medium=rss&b=1#c") == "https://a.example/x?b=1")
    }

    @Test("links the fast way leaves alone still normalize through Foundation")
    func othersFallBack() {
        #expect(SimpleLink.normalized("https://example.org/a?b=%7E") == nil)
        #expect(
            EntryKey.normalizedLink("https://example.org/a?b=%7E")
                == EntryKey.foundationNormalizedLink("https://example.org/a?b=%7E"))
        #expect(EntryKey.normalizedLink(" https://Example.org/x ") == "https://example.org/x")
        #expect(EntryKey.normalizedLink("ftp://example.org/x") == nil)
        #expect(EntryKey.normalizedLink("not a link") == nil)
    }

    @Test("the byte classes of the fast way, as bit masks, are the sets RFC 3986 names, for every byte")
    func byteClasses() {
        let letters = Set((UInt8(ascii: "a")...UInt8(ascii: "z")).map { $0 } + (UInt8(ascii: "A")...UInt8(ascii: "Z")).map { $0 })
        let digits = Set((UInt8(ascii: "0")...UInt8(ascii: "9")).map { $0 })
        let host = letters.union(digits).union("-.".utf8)
        let unreserved = letters.union(digits).union("-._~".utf8)
        let path = unreserved.union("!$&'()*+,;=:@/%".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(SimpleLink.isHostByte(byte) == host.contains(byte), "byte \(byte)")
            #expect(SimpleLink.isUnreserved(byte) == unreserved.contains(byte), "byte \(byte)")
            #expect(SimpleLink.isPathByte(byte) == path.contains(byte), "byte \(byte)")
        }
    }
}

