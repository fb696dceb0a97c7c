import FeedwatchFetch
import FeedwatchTestSupport
import Foundation
import Testing

@Suite("Conditional GET and content coding")
struct ConditionalGetTests {
    @Test("a first fetch returns the body with the server's ETag, Last-Modified and Content-Type")
    func firstFetch() async throws {
        let fixture = try FaultServerFixture()
        let response = try await fixture.fetcher.fetch(fixture.request("/feed"))
        #expect(response.status == 200)
        #expect(!response.isNotModified)
        #expect(response.etag == "\"feed-v1\"")
        #expect(response.lastModified == "Sat, 01 Nov 2025 10:00:00 GMT")
        #expect(response.contentType == "application/rss+xml")
        #expect(String(decoding: response.body, as: UTF8.self).contains("<title>Fault feed</title>"))
        #expect(response.permanentRedirect == nil)
        #expect(response.finalURL == fixture.url("/feed"))
    }

    @Test("a stored ETag is sent back as If-None-Match and a 304 is reported as not modified, keeping validators")
    func notModifiedByETag() async throws {
        let fixture = try FaultServerFixture()
        let response = try await fixture.fetcher.fetch(
            fixture.request("/feed", etag: "\"feed-v1\"", lastModified: "Sat, 01 Nov 2025 10:00:00 GMT"))
        #expect(response.status == 304)
        #expect(response.isNotModified)
        #expect(response.body.isEmpty)
        #expect(response.etag == "\"feed-v1\"")
        #expect(response.lastModified == "Sat, 01 Nov 2025 10:00:00 GMT")
        let seen = try await fixture.headersSeen(at: "/feed")
        #expect(seen["if-none-match"] == "\"feed-v1\"")
        #expect(seen["if-modified-since"] == "Sat, 01 Nov 2025 10:00:00 GMT")
    }

    @Test("a reused handle keeps nothing of the fetch before it: headers, validators, cap")
    func reusedHandleStartsClean() async throws {
        // One fetch at a time on one fetcher: each takes the handle the previous one gave back.
        let fixture = try FaultServerFixture { $0.maxConcurrentTransfers = 1 }
        let capped = await fixture.failure(
            fixture.request("/feed", etag: "\"old\"", lastModified: "Sat, 01 Nov 2025 09:00:00 GMT", maxBodyBytes: 10,
                headers: ["X-Feed-Token": "abc", "Accept": "text/plain"]))
        #expect(capped?.kind == .tooLarge)
        let first = try await fixture.headersSeen(at: "/feed")
        #expect(first["x-feed-token"] == "abc")
        #expect(first["if-none-match"] == "\"old\"")
        let plain = try await fixture.fetcher.fetch(fixture.request("/feed"))
        #expect(plain.status == 200)
        #expect(plain.body.count > 10)
        let second = try await fixture.headersSeen(at: "/feed")
        #expect(second["x-feed-token"] == nil)
        #expect(second["if-none-match"] == nil)
        #expect(second["if-modified-since"] == nil)
        #expect(second["accept"]?.hasPrefix("application/rss+xml") == true)
        #expect(second["user-agent"]?.hasPrefix("feedwatch/") == true)
    }

    @Test("a stored Last-Modified alone is sent as If-Modified-Since and earns a 304")
    func notModifiedByDate() async throws {
        let fixture = try FaultServerFixture()
        let response = try await fixture.fetcher.fetch(
            fixture.request("/feed", lastModified: "Sat, 01 Nov 2025 10:00:00 GMT"))
        #expect(response.isNotModified)
    }

    @Test("a changed ETag gets the full body and the new validator")
    func changedETag() async throws {
        let fixture = try FaultServerFixture()
        let response = try await fixture.fetcher.fetch(fixture.request("/feed?etag=%22v2%22", etag: "\"feed-v1\""))
        #expect(response.status == 200)
        #expect(response.etag == "\"v2\"")
        #expect(!response.body.isEmpty)
    }

    @Test("the User-Agent names feedwatch and its project URL, and feed types come first in Accept")
    func identifiesItself() async throws {
        let fixture = try FaultServerFixture()
        _ = try await fixture.fetcher.fetch(fixture.request("/feed", headers: ["X-Feed-Token": "abc"]))
        let seen = try await fixture.headersSeen(at: "/feed")
        let agent = try #require(seen["user-agent"])
        #expect(agent.hasPrefix("feedwatch/"))
        #expect(agent.contains("(+https://github.com/feedwatch/feedwatch)"))
        #expect(seen["accept"]?.hasPrefix("application/rss+xml") == true)
        #expect(seen["x-feed-token"] == "abc")
    }

    @Test("Accept-Encoding advertises exactly the codings this libcurl decodes")
    func advertisesEncodings() async throws {
        let fixture = try FaultServerFixture()
        _ = try await fixture.fetcher.fetch(fixture.request("/feed"))
        let seen = try await fixture.headersSeen(at: "/feed")
        let advertised = (seen["accept-encoding"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(advertised.contains("gzip"))
        #expect(advertised.count == Set(advertised).count)
    }

    @Test("gzip, deflate, br and zstd bodies arrive decoded, each only if this libcurl supports it",
        arguments: ["gzip", "deflate", "br", "zstd"])
    func decodesBodies(coding: String) async throws {
        let fixture = try FaultServerFixture()
        let plain = try await fixture.fetcher.fetch(fixture.request("/feed")).body
        let advertised = try await fixture.headersSeen(at: "/feed")["accept-encoding"] ?? ""
        // libcurl 7.88 on Debian has zlib, brotli and zstd; a build without one must not claim it.
        try #require(advertised.contains(coding), "this libcurl does not decode \(coding)")
        let response = try await fixture.fetcher.fetch(fixture.request("/encoded/\(coding)"))
        #expect(response.body == plain)
    }

    @Test("Cache-Control max-age becomes maxAgeSeconds, and no-cache gives none")
    func maxAge() async throws {
        let fixture = try FaultServerFixture()
        let cached = try await fixture.fetcher.fetch(fixture.request("/feed?cache=public,%20max-age=1800"))
        #expect(cached.maxAgeSeconds == 1800)
        let uncached = try await fixture.fetcher.fetch(fixture.request("/feed?cache=no-cache"))
        #expect(uncached.maxAgeSeconds == nil)
    }
}
