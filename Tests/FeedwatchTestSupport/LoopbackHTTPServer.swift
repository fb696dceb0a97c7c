import Foundation

/// A real HTTP server on 127.0.0.1 (Python's http.server, see Scripts/http_server.py) that serves
/// the files of a directory with ETag/Last-Modified validators. Stopped when released.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// The directory it serves; write files here to change what it serves.
    public let root: TemporaryDirectory
    /// The port it listens on.
    public let port: Int
    private let process: Process

    /// Starts the server and waits (with a deadline) until it reports its port.
    public init(script: String = "http_server.py", arguments: [String] = []) throws {
        root = try TemporaryDirectory(prefix: "feedwatch-http")
        guard let scriptURL = Bundle.module.url(forResource: "Scripts/\(script)", withExtension: nil) else {
            throw TestSupportError.missingResource(script)
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path, "--root", root.url.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        port = try Self.readPort(from: output.fileHandleForReading, deadline: 20)
    }

    deinit {
        // SIGKILL, not SIGTERM: a child spawned from a test thread inherits libdispatch's blocked
        // signal mask, so a SIGTERM would stay pending forever.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The URL of a path on this server.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// The requests served so far, as `METHOD PATH` lines.
    public func requests() -> [String] {
        let text = (try? String(contentsOfFile: root.path(".access.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    private static func readPort(from handle: FileHandle, deadline seconds: Double) throws -> Int {
        // Read the first line on a background thread so a server that never prints cannot hang the test.
        let box = PortBox()
        let thread = Thread {
            var line = Data()
            while true {
                let byte = handle.readData(ofLength: 1)
                if byte.isEmpty || byte == Data("\n".utf8) { break }
                line.append(byte)
            }
            box.set(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)))
        }
        thread.start()
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let value = box.get() { return value }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw TestSupportError.serverDidNotStart
    }
}

private final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int??
    func set(_ port: Int?) { lock.withLock { value = .some(port) } }
    func get() -> Int? { lock.withLock { value ?? nil } }
}

/// Failures of the test support itself.
public enum TestSupportError: Error {
    case missingResource(String)
    case serverDidNotStart
    case binaryNotFound(String)
}
