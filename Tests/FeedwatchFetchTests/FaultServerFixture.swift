import FeedwatchFetch
import FeedwatchTestSupport
import Foundation

/// A fault server (Scripts/fault_server.py) on 127.0.0.1 and a fetcher allowed to reach it.
final class FaultServerFixture: Sendable {
    let server: LoopbackHTTPServer
    let fetcher: Fetcher

    init(configure: (inout FetcherConfiguration) -> Void = { _ in }) throws {
        server = try LoopbackHTTPServer(script: "fault_server.py")
        var configuration = FetcherConfiguration()
        configuration.timeouts.connectSeconds = 5
        configuration.timeouts.totalSeconds = 20
        configuration.timeouts.lowSpeedBytesPerSecond = 1
        configuration.timeouts.lowSpeedSeconds = 2
        configure(&configuration)
        fetcher = Fetcher(configuration: configuration)
    }

    /// `127.0.0.1:PORT`, the allow-list entry for this server.
    var hostAndPort: String { "127.0.0.1:\(server.port)" }

    /// The URL of `path` (with its query) on this server.
    func url(_ path: String) -> String { "http://\(hostAndPort)\(path)" }

    /// A request for `path` that may reach this loopback server.
    func request(_ path: String, etag: String? = nil, lastModified: String? = nil, maxBodyBytes: Int = 10 << 20,
        headers: [String: String] = [:]) -> FetchRequest
    {
        FetchRequest(url: url(path), etag: etag, lastModified: lastModified, allowedHosts: [hostAndPort],
            maxBodyBytes: maxBodyBytes, headers: headers)
    }

    /// Fetches and returns the error, or `nil` when the fetch succeeded.
    func failure(_ request: FetchRequest) async -> FetchError? {
        do throws(FetchError) {
            _ = try await fetcher.fetch(request)
            return nil
        } catch {
            return error
        }
    }

    /// The request lines the server received, in order.
    func requests() -> [String] { server.requests() }

    /// The headers of the latest request to `path`, as the server saw them (names as sent).
    func headersSeen(at path: String) async throws -> [String: String] {
        let response = try await fetcher.fetch(request("/inspect?path=\(path)"))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: String] ?? [:]
        return Dictionary(uniqueKeysWithValues: object.map { ($0.key.lowercased(), $0.value) })
    }
}
