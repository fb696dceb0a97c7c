import FeedwatchTestSupport
import Foundation
import Testing

// Serialized: FeedwatchCommand.run blocks its thread while the child runs; one at a time keeps
// the shared cooperative pool free for the other suites.
@Suite("feedwatch fetch", .serialized)
struct FetchCommandTests {
    @Test("--json prints the summary of cli.md and exits 0 on a 200")
    func jsonSummary() async throws {
        let fixture = try FaultServerFixture()
        let result = try FeedwatchCommand.run(["fetch", "--allow-host", fixture.hostAndPort, "--json", fixture.url("/feed")])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? Int == 200)
        #expect(object["etag"] as? String == "\"feed-v1\"")
        #expect(object["not_modified"] as? Bool == false)
        #expect(object["bytes"] as? Int ?? 0 > 100)
        #expect(object["error"] is NSNull)
        for key in ["url", "final_url", "last_modified", "content_type", "permanent_redirect", "retry_after_seconds"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
    }

    @Test("without --json the decoded body goes to stdout")
    func bodyToStdout() async throws {
        let fixture = try FaultServerFixture()
        let result = try FeedwatchCommand.run(["fetch", "--allow-host", fixture.hostAndPort, fixture.url("/encoded/gzip")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("<title>Fault feed</title>"))
    }

    @Test("--etag earns a 304: exit 0 and an empty body")
    func notModified() async throws {
        let fixture = try FaultServerFixture()
        let result = try FeedwatchCommand.run(
            ["fetch", "--allow-host", fixture.hostAndPort, "--etag", "\"feed-v1\"", fixture.url("/feed")])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test("a loopback URL without --allow-host exits 69 with a message saying how to allow it")
    func refusal() async throws {
        let fixture = try FaultServerFixture()
        let result = try FeedwatchCommand.run(["fetch", fixture.url("/feed")])
        #expect(result.status == 69)
        #expect(result.stderr.contains("--allow-host \(fixture.hostAndPort)"))
        #expect(result.stderr.contains("allow_private: true"))
        #expect(fixture.requests().isEmpty)
    }

    @Test("a 503 exits 75 and a 404 exits 69")
    func statusExits() async throws {
        let fixture = try FaultServerFixture()
        let unavailable = try FeedwatchCommand.run(["fetch", "--allow-host", fixture.hostAndPort, fixture.url("/status/503")])
        #expect(unavailable.status == 75)
        #expect(unavailable.stderr.contains("HTTP 503"))
        let missing = try FeedwatchCommand.run(["fetch", "--allow-host", fixture.hostAndPort, fixture.url("/status/404")])
        #expect(missing.status == 69)
    }

    @Test("--json reports an error's kind and Retry-After")
    func jsonError() async throws {
        let fixture = try FaultServerFixture()
        let result = try FeedwatchCommand.run(
            ["fetch", "--allow-host", fixture.hostAndPort, "--json", fixture.url("/status/429?retry=90")])
        #expect(result.status == 75)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["retry_after_seconds"] as? Int == 90)
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["kind"] as? String == "http_status")
    }
}
