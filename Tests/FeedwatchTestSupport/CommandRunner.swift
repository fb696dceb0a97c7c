import Foundation

/// The outcome of running the built `feedwatch` binary.
public struct CommandResult: Sendable {
    /// Exit status.
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String
}

/// Runs the `feedwatch` executable that `swift test` built beside the test bundle.
public enum FeedwatchCommand {
    /// The path of the built binary: the test bundle's sibling.
    public static func binaryPath() throws -> String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // The xctest bundle may be a directory (macOS) or a file (Linux); walk up until the binary is found.
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("feedwatch").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw TestSupportError.binaryNotFound(exe.path)
    }

    /// Runs `feedwatch ARGS` with extra environment variables, stdin from `input`, waiting at most `timeout` seconds.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], input: Data? = nil,
        timeout: TimeInterval = 120
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binaryPath())
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = TemporaryFileSink()
        let err = TemporaryFileSink()
        process.standardOutput = out.handle
        process.standardError = err.handle
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(input)
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.interrupt()
            Thread.sleep(forTimeInterval: 0.5)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: out.contents(), stderr: err.contents())
    }
}

/// Collects a child's output in a temporary file (a pipe could fill up and block the child).
private final class TemporaryFileSink {
    let url: URL
    let handle: FileHandle
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try! FileHandle(forWritingTo: url)
    }
    func contents() -> String {
        try? handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
