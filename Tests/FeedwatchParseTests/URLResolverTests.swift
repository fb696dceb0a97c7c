import Testing

@testable import FeedwatchParse

@Suite("Link resolution")
struct URLResolverTests {
    static let cases: [(String, String?, String)] = [
        ("one.html", "https://example.org/blog/posts/", "https://example.org/blog/posts/one.html"),
        ("../media/a.ogg", "https://example.org/blog/posts/", "https://example.org/blog/media/a.ogg"),
        ("/root", "https://example.org/blog/posts/x", "https://example.org/root"),
        ("//cdn.example.net/a", "https://example.org/", "https://cdn.example.net/a"),
        ("?page=2", "https://example.org/list?page=1", "https://example.org/list?page=2"),
        ("#frag", "https://example.org/a?b", "https://example.org/a?b#frag"),
        ("https://other.example/x", "https://example.org/", "https://other.example/x"),
        ("mailto:a@example.org", "https://example.org/", "mailto:a@example.org"),
        ("relative/path", nil, "relative/path"),
        ("http:///triple.example/x", nil, "http://triple.example/x"),
        ("./", "https://example.org/blog/", "https://example.org/blog/"),
        ("http://example.c[o.test/", "http://example.test/", ""),
    ]

    @Test("references resolve against the base as RFC 3986 says", arguments: cases)
    func resolves(reference: String, base: String?, expected: String) {
        #expect(URLResolver.resolve(reference, against: base) == expected)
    }

    @Test("nested xml:base values accumulate, and an unsafe scheme keeps the outer base")
    func nestedBase() {
        let outer = URLResolver.nestedBase(outer: "https://example.org/", value: "blog/")
        #expect(outer == "https://example.org/blog/")
        #expect(URLResolver.nestedBase(outer: outer, value: "posts/") == "https://example.org/blog/posts/")
        #expect(URLResolver.nestedBase(outer: outer, value: "javascript:alert(1)") == outer)
    }

    @Test("entry links use the entry's xml:base, then the document URL")
    func entryLinksUseBase() throws {
        let document = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="sub/"><title>t</title>
            <link href="home"/><entry xml:base="/entries/"><title>e</title><link href="1"/></entry>
            <entry><title>f</title><link href="2"/></entry></feed>
            """
        let feed = try FeedParser().parse(Data(document.utf8), baseURL: "https://example.org/feeds/atom.xml").feed
        #expect(feed.link == "https://example.org/feeds/sub/home")
        #expect(feed.items.map(\.link) == ["https://example.org/entries/1", "https://example.org/feeds/sub/2"])
    }
}

import Foundation
