import Foundation

/// A real HTTP server on 127.0.0.1 that records every POST (see Scripts/webhook_server.py). Stopped
/// when released.
public final class LoopbackWebhookServer: @unchecked Sendable {
    private let server: LoopbackHTTPServer

    /// The port it listens on.
    public var port: Int { server.port }

    /// Starts the receiver on `port`, or any free port when nil.
    public init(port: Int? = nil) throws {
        server = try LoopbackHTTPServer(script: "webhook_server.py", arguments: port.map { ["--port", String($0)] } ?? [])
    }

    /// The URL of a path on this receiver.
    public func url(_ path: String) -> String { server.url(path) }

    /// Makes the receiver answer with `status` (e.g. 503) and record nothing; nil answers 200 again.
    public func setStatus(_ status: Int?) throws {
        if let status { try server.root.write(".status", "\(status)\n") } else {
            try? FileManager.default.removeItem(atPath: server.root.path(".status"))
        }
    }

    /// The requests recorded so far, in arrival order.
    public func requests() -> [RecordedRequest] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: server.root.url.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: server.root.path(name))
                .flatMap { try? JSONDecoder().decode(RecordedRequest.self, from: $0) }
        }
    }

    /// Waits until at least `count` requests were recorded, polling until the deadline; returns them.
    public func waitForRequests(_ count: Int, timeout: TimeInterval = 20) -> [RecordedRequest] {
        let end = Date().addingTimeInterval(timeout)
        var found = requests()
        while found.count < count && Date() < end {
            Thread.sleep(forTimeInterval: 0.02)
            found = requests()
        }
        return found
    }
}

/// One POST the webhook receiver recorded.
public struct RecordedRequest: Sendable, Codable {
    /// The request path.
    public var path: String
    /// The headers, names lowercased.
    public var headers: [String: String]
    /// The body as text.
    public var body: String
}
